package io.certlife.local;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The demo's ACME CA, when the machine has Let's Encrypt's Pebble (Debian package {@code pebble}): Pebble with its own
 * test CA, and {@code pebble-challtestsrv} as the DNS server of zone {@value #ZONE}, which renewal-service proves by
 * dns-01 with the MANUAL solver; the demo plays the operator and creates the TXT records the tasks ask for. Both
 * listen on loopback only and stop with the launcher.
 */
final class DemoAcme implements AutoCloseable {

    static final String ZONE = "shop.contoso.test";

    private final List<Process> processes;
    private final int directoryPort;
    private final int managementPort;
    private final int dnsPort;
    private final int dnsManagementPort;
    private final Path tlsTrust;

    private DemoAcme(List<Process> processes, int directoryPort, int managementPort, int dnsPort, int dnsManagementPort, Path tlsTrust) {
        this.processes = processes;
        this.directoryPort = directoryPort;
        this.managementPort = managementPort;
        this.dnsPort = dnsPort;
        this.dnsManagementPort = dnsManagementPort;
        this.tlsTrust = tlsTrust;
    }

    /** Whether the machine has Pebble; the demo says so either way. */
    static boolean installed() {
        return onPath("pebble") && onPath("pebble-challtestsrv");
    }

    /** Starts Pebble and challtestsrv on free loopback ports, their files in {@code dataDir/acme}. */
    static DemoAcme start(Path dataDir) {
        List<Process> processes = new ArrayList<>();
        try {
            Path dir = Files.createDirectories(dataDir.resolve("acme"));
            int dns = freePort();
            int dnsManagement = freePort();
            int directory = freePort();
            int management = freePort();
            DemoPki.ServerTls tls = DemoPki.localhostTls(Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(365, ChronoUnit.DAYS));
            Path certificate = Files.writeString(dir.resolve("pebble-tls.pem"), tls.certificatePem());
            Path key = Files.writeString(dir.resolve("pebble-tls-key.pem"), tls.keyPem());
            Files.writeString(dir.resolve("pebble.json"), """
                    {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                      "certificate": "%s", "privateKey": "%s", "httpPort": 5002, "tlsPort": 5001, "ocspResponderURL": "",
                      "externalAccountBindingRequired": false, "retryAfter": {"authz": 1, "order": 1}}}
                    """.formatted(directory, management, certificate, key));
            processes.add(new ProcessBuilder("pebble-challtestsrv", "-management", "127.0.0.1:" + dnsManagement, "-dns01",
                    "127.0.0.1:" + dns, "-http01", "", "-https01", "", "-tlsalpn01", "").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("challtestsrv.log").toFile()).start());
            ProcessBuilder pebble = new ProcessBuilder("pebble", "-config", dir.resolve("pebble.json").toString(), "-dnsserver",
                    "127.0.0.1:" + dns).redirectErrorStream(true).redirectOutput(dir.resolve("pebble.log").toFile());
            pebble.environment().put("PEBBLE_VA_NOSLEEP", "1");
            processes.add(pebble.start());
            awaitPort(directory);
            awaitPort(management);
            awaitPort(dnsManagement);
            return new DemoAcme(processes, directory, management, dns, dnsManagement, certificate);
        } catch (IOException e) {
            processes.forEach(Process::destroy);
            throw new UncheckedIOException("the demo's ACME CA did not start (it needs the package 'pebble': apt-get install "
                    + "pebble): " + e.getMessage(), e);
        }
    }

    /** renewal-service's ACME issuer profile for the demo. */
    Map<String, String> renewalEnvironment() {
        return Map.of("CERTLIFE_ACME_DIRECTORY", directory(),
                "CERTLIFE_ACME_TLS_TRUST", tlsTrust.toString(),
                "CERTLIFE_ACME_TERMS_OF_SERVICE_AGREED", "true",
                "CERTLIFE_ACME_CONTACT", "mailto:pki@contoso.com",
                "CERTLIFE_ACME_ZONES_SHOP_DOMAIN", ZONE,
                "CERTLIFE_ACME_ZONES_SHOP_SOLVER", "MANUAL",
                "CERTLIFE_ACME_ZONES_SHOP_AUTHORITATIVE", "127.0.0.1:" + dnsPort);
    }

    String directory() {
        return "https://localhost:" + directoryPort + "/dir";
    }

    /** Pebble's root CA, which it makes anew at each start. */
    String root() {
        return get("https://localhost:" + managementPort + "/roots/0");
    }

    /** The operator's part: the TXT record created in the zone's DNS server. */
    void createTxt(String name, String value) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + dnsManagementPort + "/set-txt")).POST(HttpRequest.BodyPublishers.ofString("{\"host\":\"" + name
                            + ".\",\"value\":\"" + value + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("challtestsrv refused the TXT record: " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Pebble's management interface listens with the demo's localhost certificate too: trusted here alone. */
    private String get(String url) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream pem = Files.newInputStream(tlsTrust)) {
                trusted.setCertificateEntry("pebble", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).build().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Pebble's root cannot be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static void awaitPort(int port) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("nothing listens on port " + port + " after 30 s");
    }

    /** A port free for both TCP and UDP (a DNS server takes both). */
    private static int freePort() throws IOException {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(port)) {
                return port;
            } catch (IOException taken) {
                // another
            }
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
    }
}
