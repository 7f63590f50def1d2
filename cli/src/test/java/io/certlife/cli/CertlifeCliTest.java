package io.certlife.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's conventions against an HTTP server the test runs: the requests it makes, table and JSON output,
 * and exit codes. (deploy/local's DemoIT runs it against the real services.)
 */
class CertlifeCliTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private static final String CERTIFICATE_ID = "0ab7b331-c8a1-49f7-ad21-dd74256f50f4";
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            requests.add(target);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String body;
            if (path.equals("/certificates") && exchange.getRequestURI().getQuery().contains("thumbprint=ABCD")) {
                body = "[]";
            } else if (path.equals("/certificates")) {
                body = """
                        [{"thumbprintSha1": "AA11", "subject": "CN=mail.contoso.com", "notAfter": "2027-01-01T00:00:00Z",
                          "issuer": "CN=CA", "generation": 1, "source": "IMPORT"}]""";
            } else if (path.equals("/certificates/" + CERTIFICATE_ID)) {
                body = "-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n"
                        + "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
                accepts.add(exchange.getRequestHeaders().getFirst("Accept"));
            } else if (path.equals("/certificates/bulk")) {
                body = """
                        {"created": 1, "certificates": [{"thumbprintSha1": "BB22", "subject": "CN=x"}],
                         "privateKeyDiscarded": true, "note": "the input held a private key: it was discarded"}""";
            } else if (path.endsWith("/start")) {
                status = 409;
                body = "{\"status\": 409, \"detail\": \"task t1 is DONE and cannot move to IN_PROGRESS\"}";
            } else if (path.equals("/renewals/r1/approve") || path.equals("/renewals/r1/certificate")) {
                body = "{\"id\": \"r1\", \"subject\": \"CN=mail.contoso.com\", \"state\": \"ISSUED\", \"issuer\": \"CSR\"}";
            } else if (path.equals("/dead-letters/7/replay")) {
                body = "{\"id\": 7, \"outcome\": \"APPLIED\"}";
            } else if (path.equals("/dead-letters/8/replay")) {
                status = 422;
                body = "{\"status\": 422, \"detail\": \"dead letter 8 still cannot be processed: InvalidJson: not JSON\"}";
            } else if (path.equals("/dead-letters")) {
                body = """
                        [{"id": 7, "deadAt": "2026-12-03T20:00:00Z", "sourceTopic": "certlife.inventory.events",
                          "key": "c1", "reason": "event e1 (io.certlife.renewal.due.v1) failed 12 times"}]""";
            } else if (path.startsWith("/renewals")) {
                status = 500;
                body = "{\"status\": 500, \"title\": \"Internal Server Error\"}";
            } else {
                status = 404;
                body = "{\"status\": 404, \"detail\": \"no such thing\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Certlife.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--inventory-url", url, "--renewal-url", url, "--notifier-url", url}, 0, all, args.length, 6);
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    @Test
    void certsGetPrintsTheCertificateAndWritesItsChainWhenAsked(@TempDir Path dir) throws IOException {
        Run leaf = run("certs", "get", CERTIFICATE_ID);
        assertThat(leaf.exitCode()).isZero();
        assertThat(leaf.out()).isEqualTo("-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n");
        Path file = dir.resolve("chain.pem");
        assertThat(run("certs", "get", CERTIFICATE_ID, "--chain", "-o", file.toString()).exitCode()).isZero();
        assertThat(Files.readString(file)).contains("LEAF").contains("CA").startsWith("-----BEGIN CERTIFICATE-----\nLEAF");
        assertThat(accepts).containsOnly("application/x-pem-file");
        assertThat(run("certs", "get", CERTIFICATE_ID, "--der", "--chain").exitCode()).isEqualTo(2);
    }

    @Test
    void everyCallPresentsTheTokenFromTheFileItIsGiven(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "certlife_example-token\n");
        assertThat(run("certs", "list", "--token-file", token.toString()).exitCode()).isZero();
        assertThat(authorizations).containsExactly("Bearer certlife_example-token");
    }

    @Test
    void listsAsATableOrAsTheServicesJsonWithFiltersInTheQuery() {
        Run table = run("certs", "list", "--expiring", "30d", "--server", "cas01.contoso.com");
        assertThat(table.exitCode()).isZero();
        assertThat(requests).containsExactly("GET /certificates?size=1000&expiringWithin=30d&server=cas01.contoso.com");
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("THUMBPRINT").contains("SUBJECT", "NOT AFTER");
        assertThat(table.out()).contains("AA11        CN=mail.contoso.com  2027-01-01T00:00:00Z  CN=CA   1    IMPORT");

        Run json = run("certs", "list", "-o", "json");
        assertThat(json.out()).contains("\"thumbprintSha1\" : \"AA11\"");
    }

    @Test
    void exitCodesSayWhatWentWrong() throws IOException {
        Run notFound = run("certs", "show", "ABCD");
        assertThat(notFound.exitCode()).isEqualTo(3);
        assertThat(notFound.err()).contains("no certificate with thumbprint ABCD");

        Run refused = run("tasks", "start", "t1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("409 task t1 is DONE and cannot move to IN_PROGRESS");

        Run failed = run("renewals", "list");
        assertThat(failed.exitCode()).isEqualTo(4);
        assertThat(failed.err()).contains("500 Internal Server Error");

        assertThat(run("certs", "frobnicate").exitCode()).as("usage error").isEqualTo(2);
        assertThat(run("export", "x", "--profile", "weird", "-o", "x.pfx").err()).contains("--profile must be legacy or modern");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cli = Certlife.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("findings", "list", "--inventory-url", "http://127.0.0.1:" + closed)).isEqualTo(4);
        assertThat(err.toString()).contains("cannot connect to http://127.0.0.1:" + closed);
    }

    @Test
    void approvingAPlanAndCompletingACsrPostWhatTheServiceExpects(@TempDir Path dir) throws IOException {
        Run approve = run("renewals", "approve", "r1");
        assertThat(approve.exitCode()).isZero();
        assertThat(requests).containsExactly("POST /renewals/r1/approve");
        assertThat(bodies.get(0)).as("the approver is the token's holder, not a name in the body").isEqualTo("{}");

        Path issued = Files.writeString(dir.resolve("issued.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Run complete = run("csr", "complete", "r1", issued.toString());
        assertThat(complete.exitCode()).isZero();
        assertThat(requests.get(1)).isEqualTo("POST /renewals/r1/certificate");
        assertThat(bodies.get(1)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(complete.out()).contains("ISSUED");
    }

    @Test
    void deadLettersAreListedAndReplayedAtTheServiceNamed() {
        Run list = run("dead-letters", "list", "--service", "renewal", "--all");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("certlife.inventory.events").contains("failed 12 times");
        Run replay = run("dead-letters", "replay", "--service", "notifier", "7");
        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out()).contains("APPLIED");
        Run refused = run("dead-letters", "replay", "--service", "inventory", "8");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("still cannot be processed");
        assertThat(requests).containsExactly("GET /dead-letters?status=ALL", "POST /dead-letters/7/replay",
                "POST /dead-letters/8/replay");
        assertThat(run("dead-letters", "list", "--service", "vault").exitCode()).isEqualTo(2);
    }

    @Test
    void importSendsEveryFileAndThePasswordFromAFileNeverFromTheCommandLine(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Path b = Files.write(dir.resolve("b.pfx"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});
        Path password = Files.writeString(dir.resolve("pw"), "s3cret\n");

        Run run = run("certs", "import", a.toString(), b.toString(), "--password-file", password.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(requests).containsExactly("POST /certificates/bulk");
        assertThat(bodies.get(0)).contains("filename=\"a.pem\"", "filename=\"b.pfx\"", "name=\"password\"\r\n\r\ns3cret\r\n");
        assertThat(run.out()).contains("BB22");
        assertThat(run.err()).contains("private key: it was discarded");

        Run missing = run("certs", "import", dir.resolve("nope.pem").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read").contains("nope.pem");
    }
}
