package io.certlife.inventory.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certlife.testsupport.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PKCS#12 reader (a .pfx upload, opened with its password, iteration counts bounded): certificates or
 * {@link CertificateParseException}, nothing else. Seeds are PFX files made here with keys made here (a PFX holds a
 * private key, so no seed is committed): RSA and EC, with and without the chain.
 */
class Pkcs12FuzzTest {

    private static final char[] PASSWORD = "fuzz-password".toCharArray();

    static Stream<byte[]> seeds() {
        Instant now = Instant.now();
        var ca = TestCertificates.certificateAuthority("Fuzz PFX CA", now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS));
        var leaf = TestCertificates.issuedBy(ca, "pfx.fuzz.test", List.of("pfx.fuzz.test"), now, now.plus(20, ChronoUnit.DAYS), null);
        var ec = TestCertificates.selfSigned("ec.fuzz.test", List.of("ec.fuzz.test"), now, now.plus(20, ChronoUnit.DAYS),
                TestCertificates.ecKeyPair());
        return Stream.of(pfx(leaf, ca.certificate()), pfx(leaf), pfx(ec));
    }

    private static byte[] pfx(TestCertificates.Issued leaf, X509Certificate... chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            X509Certificate[] certificates = Stream.concat(Stream.of(leaf.certificate()), Stream.of(chain)).toArray(X509Certificate[]::new);
            store.setKeyEntry("leaf", leaf.keyPair().getPrivate(), PASSWORD, certificates);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, PASSWORD);
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    void read(byte[] input) {
        try {
            CertificateReader.read(input, PASSWORD, new CertificateReader.Limits(10_000, 1000, 1000));
        } catch (CertificateParseException refused) {
            // the one way to say no
        }
    }
}
