package io.certlife.inventory.revocation;

import io.certlife.testsupport.Openssl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A certificate authority run with {@code openssl ca} in a folder of its own (keys made here, by openssl, for the test):
 * issues leaves with an OCSP responder and a CRL distribution point, revokes, publishes a CRL and serves OCSP with
 * {@code openssl ocsp}, signing with the CA's key.
 */
final class OpensslCa {

    private static final String CHECK = "the revocation check against openssl ca and openssl ocsp";

    private final Path dir;

    private OpensslCa(Path dir) {
        this.dir = dir;
    }

    static OpensslCa create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("issued"));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "1000\n");
        Files.writeString(dir.resolve("crlnumber"), "1000\n");
        Files.writeString(dir.resolve("ca.cnf"), """
                [ca]
                default_ca = test_ca
                [test_ca]
                dir = %s
                database = $dir/index.txt
                new_certs_dir = $dir/issued
                serial = $dir/serial
                crlnumber = $dir/crlnumber
                certificate = $dir/ca.crt
                private_key = $dir/ca.key
                default_md = sha256
                default_days = 300
                default_crl_days = 7
                policy = anything
                unique_subject = no
                [anything]
                commonName = supplied
                """.formatted(dir));
        // valid 400 days: beyond the expiry ladder, so the expiry sweeps of other tests in the same run do not count it
        Openssl.run(CHECK, Map.of(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path(dir, "ca.key"),
                "-out", path(dir, "ca.crt"), "-subj", "/CN=Openssl Test CA", "-days", "400",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature");
        return new OpensslCa(dir);
    }

    Path certificate() {
        return dir.resolve("ca.crt");
    }

    /** A leaf for {@code name} (CN and only SAN), naming the responder when given and the CRL URL. */
    Path issue(String name, String ocspUrl, String crlUrl) throws IOException, InterruptedException {
        Path extensions = dir.resolve(name + ".ext");
        Files.writeString(extensions, "basicConstraints = CA:FALSE\nsubjectAltName = DNS:" + name + "\n"
                + (ocspUrl == null ? "" : "authorityInfoAccess = OCSP;URI:" + ocspUrl + "\n")
                + "crlDistributionPoints = URI:" + crlUrl + "\n");
        Openssl.run(CHECK, Map.of(), "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", path(dir, name + ".key"),
                "-out", path(dir, name + ".csr"), "-subj", "/CN=" + name);
        Path certificate = dir.resolve(name + ".crt");
        Openssl.run(CHECK, Map.of(), "ca", "-batch", "-config", path(dir, "ca.cnf"), "-notext", "-in", path(dir, name + ".csr"),
                "-out", certificate.toString(), "-extfile", extensions.toString());
        return certificate;
    }

    void revoke(Path certificate) throws InterruptedException {
        Openssl.run(CHECK, Map.of(), "ca", "-config", path(dir, "ca.cnf"), "-revoke", certificate.toString(),
                "-crl_reason", "keyCompromise");
    }

    /** The CA's CRL as {@code openssl ca -gencrl} makes it, in DER as distribution points serve it. */
    byte[] crl() throws IOException, InterruptedException {
        Openssl.run(CHECK, Map.of(), "ca", "-config", path(dir, "ca.cnf"), "-gencrl", "-out", path(dir, "ca.crl.pem"));
        Openssl.run(CHECK, Map.of(), "crl", "-in", path(dir, "ca.crl.pem"), "-outform", "DER", "-out", path(dir, "ca.crl"));
        return Files.readAllBytes(dir.resolve("ca.crl"));
    }

    /**
     * {@code openssl ocsp} answering for this CA on {@code port} (openssl 3.0 binds every interface), once it says it
     * waits for connections. (A bare connection as a readiness probe would wedge it: it serves one connection at a time.)
     */
    Process ocspResponder(int port) throws IOException, InterruptedException {
        Path log = dir.resolve("ocsp.log");
        Process responder = Openssl.start(CHECK, log, "ocsp", "-index", path(dir, "index.txt"), "-port", String.valueOf(port),
                "-rsigner", path(dir, "ca.crt"), "-rkey", path(dir, "ca.key"), "-CA", path(dir, "ca.crt"), "-nmin", "5");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!(Files.exists(log) && Files.readString(log).contains("waiting for OCSP client connections"))) {
            if (!responder.isAlive() || Instant.now().isAfter(deadline)) {
                responder.destroyForcibly();
                throw new AssertionError("openssl ocsp did not start on port " + port + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return responder;
    }

    private static String path(Path dir, String file) {
        return dir.resolve(file).toString();
    }
}
