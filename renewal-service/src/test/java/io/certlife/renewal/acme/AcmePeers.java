package io.certlife.renewal.acme;

import io.certlife.testsupport.Openssl;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real peers of the ACME tests, started on loopback ports: Let's Encrypt's Pebble (Debian package {@code pebble})
 * with its own test CA, external account binding required and 40% of good nonces rejected; {@code pebble-challtestsrv}
 * as the DNS server of zone {@code manual.test} (where the test plays the operator); and BIND ({@code bind9}),
 * primary for {@code rfc2136.test} with a TSIG key the test generates, forwarding {@code manual.test} to
 * challtestsrv. Pebble resolves through BIND. A missing program fails the test naming its package.
 */
public class AcmePeers implements QuarkusTestResourceLifecycleManager {

    static final String RFC2136_ZONE = "rfc2136.test";
    static final String MANUAL_ZONE = "manual.test";
    static final String SLOW_ZONE = "slow.manual.test";
    static final String EAB_KID = "certlife-test";

    private final List<Process> processes = new ArrayList<>();
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("acme-peers");
            int challtest = freePort();
            int challtestManagement = freePort();
            int bind = freePort();
            int pebble = freePort();
            int pebbleManagement = freePort();
            String tsig = base64(32);
            String eabHmac = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));

            processes.add(start("pebble", dir.resolve("challtestsrv.log"), Map.of(), "pebble-challtestsrv",
                    "-management", "127.0.0.1:" + challtestManagement, "-dns01", "127.0.0.1:" + challtest, "-http01", "",
                    "-https01", "", "-tlsalpn01", ""));
            startBind(bind, challtest, tsig);

            Openssl.run("Pebble's HTTPS listener certificate", Map.of(), "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("pebble-key.pem").toString(), "-out",
                    dir.resolve("pebble-cert.pem").toString(), "-days", "2", "-subj", "/CN=pebble", "-addext",
                    "subjectAltName=IP:127.0.0.1");
            Files.writeString(dir.resolve("pebble.json"), """
                    {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                      "certificate": "%s", "privateKey": "%s", "httpPort": 5002, "tlsPort": 5001, "ocspResponderURL": "",
                      "externalAccountBindingRequired": true, "externalAccountMACKeys": {"%s": "%s"},
                      "retryAfter": {"authz": 1, "order": 1}}}
                    """.formatted(pebble, pebbleManagement, dir.resolve("pebble-cert.pem"), dir.resolve("pebble-key.pem"),
                    EAB_KID, eabHmac));
            processes.add(start("pebble", dir.resolve("pebble.log"), Map.of("PEBBLE_VA_NOSLEEP", "1",
                    "PEBBLE_WFE_NONCEREJECT", "40", "PEBBLE_AUTHZREUSE", "0"), "pebble", "-config",
                    dir.resolve("pebble.json").toString(), "-dnsserver", "127.0.0.1:" + bind));
            awaitPort(pebble, "pebble");
            awaitPort(pebbleManagement, "pebble");
            awaitPort(challtestManagement, "pebble-challtestsrv");
            awaitPort(bind, "named");

            System.setProperty("certlife.test.pebble-management", "https://127.0.0.1:" + pebbleManagement);
            System.setProperty("certlife.test.challtestsrv", "http://127.0.0.1:" + challtestManagement);
            System.setProperty("certlife.test.bind", "127.0.0.1:" + bind);
            Map<String, String> config = new HashMap<>();
            config.put("certlife.renewal.issuers", "SELF_SIGNED,INTERNAL_CA,ACME,CSR");
            config.put("certlife.acme.directory", "https://127.0.0.1:" + pebble + "/dir");
            config.put("certlife.acme.tls-trust", dir.resolve("pebble-cert.pem").toString());
            config.put("certlife.acme.terms-of-service-agreed", "true");
            config.put("certlife.acme.contact", "mailto:pki@contoso.test");
            config.put("certlife.acme.eab-key-id", EAB_KID);
            config.put("certlife.acme.eab-hmac-key", eabHmac);
            config.put("certlife.acme.poll-interval", "1s");
            config.put("certlife.acme.zones.rfc.domain", RFC2136_ZONE);
            config.put("certlife.acme.zones.rfc.solver", "RFC2136");
            config.put("certlife.acme.zones.rfc.authoritative", "127.0.0.1:" + bind);
            config.put("certlife.acme.zones.rfc.tsig-key-name", "certlife-test");
            config.put("certlife.acme.zones.rfc.tsig-secret", tsig);
            config.put("certlife.acme.zones.manual.domain", MANUAL_ZONE);
            config.put("certlife.acme.zones.manual.solver", "MANUAL");
            config.put("certlife.acme.zones.manual.authoritative", "127.0.0.1:" + challtest);
            config.put("certlife.acme.zones.slow.domain", SLOW_ZONE);
            config.put("certlife.acme.zones.slow.solver", "MANUAL");
            config.put("certlife.acme.zones.slow.authoritative", "127.0.0.1:" + challtest);
            config.put("certlife.acme.zones.slow.propagation-timeout", "3s");
            // a failed order waits an hour unless someone asks to renew now
            config.put("certlife.renewal.initial-backoff", "1h");
            config.put("certlife.outbound.allow", "127.0.0.0/8");
            return config;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the ACME peers did not start", e);
        }
    }

    /** Pebble's root CA (it makes a new one at each start). */
    static String pebbleRoot() throws Exception {
        return get(System.getProperty("certlife.test.pebble-management") + "/roots/0");
    }

    /** The operator's side of a MANUAL zone: the TXT record set in challtestsrv. */
    static void setTxt(String name, String value) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(System.getProperty("certlife.test.challtestsrv") + "/set-txt"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"host\":\"" + name + ".\",\"value\":\"" + value + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("challtestsrv refused the TXT record: " + response.statusCode() + " " + response.body());
        }
    }

    private static String get(String url) throws Exception {
        // Pebble's management interface uses its own throwaway certificate; the root it hands out is what is checked
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return HttpClient.newBuilder().sslContext(trustAll).build().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void startBind(int port, int challtest, String tsig) throws IOException {
        Files.writeString(dir.resolve("named.conf"), """
                options { directory "%1$s"; listen-on port %2$d { 127.0.0.1; }; listen-on-v6 { none; };
                  pid-file "%1$s/named.pid"; session-keyfile "%1$s/session.key"; dnssec-validation no;
                  recursion yes; allow-recursion { 127.0.0.1; }; allow-query { 127.0.0.1; }; };
                controls { };
                key "certlife-test" { algorithm hmac-sha256; secret "%3$s"; };
                zone "%4$s" { type primary; file "%1$s/%4$s.zone"; allow-update { key "certlife-test"; }; };
                zone "%5$s" { type forward; forward only; forwarders { 127.0.0.1 port %6$d; }; };
                """.formatted(dir, port, tsig, RFC2136_ZONE, MANUAL_ZONE, challtest));
        Files.writeString(dir.resolve(RFC2136_ZONE + ".zone"), """
                $TTL 60
                @ IN SOA ns.%1$s. hostmaster.%1$s. 1 60 60 600 60
                @ IN NS ns.%1$s.
                ns IN A 127.0.0.1
                """.formatted(RFC2136_ZONE));
        String named = Files.isExecutable(Path.of("/usr/sbin/named")) ? "/usr/sbin/named" : "named";
        processes.add(start("bind9", dir.resolve("named.log"), Map.of(), named, "-g", "-c", dir.resolve("named.conf").toString()));
    }

    private static Process start(String debianPackage, Path log, Map<String, String> environment, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("the ACME tests need " + command[0] + ": install the package '" + debianPackage
                    + "' (apt-get install -y " + debianPackage + "; the README's test command does)", e);
        }
    }

    private void awaitPort(int port, String what) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(what + " did not listen on port " + port + " within 30 s; its log is in " + dir);
    }

    /** A port free for both TCP and UDP (DNS servers take both). */
    private static int freePort() throws IOException {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(port)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
    }

    private static byte[] random(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private static String base64(int bytes) {
        return Base64.getEncoder().encodeToString(random(bytes));
    }

    @Override
    public void stop() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
