package io.certlife.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certlife.cli.Certlife;
import io.certlife.testsupport.Keytool;
import io.certlife.testsupport.TestCertificates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.MethodOrderer;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo as a new user sees it, over the packaged services: within about a minute of loading the estate,
 * findings, expiry alerts in the mail and webhook sinks, a self-signed renewal, a CSR answered by the stand-in
 * CA, and an ISA-export task whose PFX link arrives by mail while a key custodian reveals the password.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

    /** The demo's ACME CA (Pebble, installed by the test command), started before the services that use it. */
    private static DemoAcme acme;

    @RegisterExtension
    static final LocalSystemExtension LOCAL = new LocalSystemExtension(Optional.empty(), () -> {
        try {
            acme = DemoAcme.start(Files.createTempDirectory("demo-acme"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return acme.renewalEnvironment();
    });

    @AfterAll
    static void stopTheAcmeCa() {
        if (acme != null) {
            acme.close();
        }
    }

    @Test
    @Order(1)
    void theDemoEstateShowsFindingsAlertsRenewalsAndTheIsaExportWithinAboutAMinute() throws IOException {
        LocalSystem system = LOCAL.system();
        new Demo(system, Optional.of(acme)).load(LOCAL.dataDir());

        List<String> rules = given().baseUri(system.url("inventory-service")).get("/findings?state=all").then().statusCode(200)
                .extract().jsonPath().getList("ruleId");
        assertThat(rules).contains("EXPORTABLE_KEY_REQUIRED", "CRL_LDAP_ONLY", "WILDCARD_MAIL_RETRIEVAL", "PUBLIC_ISSUER_REQUIRED");

        // the import raises many alerts for one team at once: they arrive grouped (or alone, when one became due alone)
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(LocalSystemExtension.files(system.mailFolder()))
                .anySatisfy(mail -> assertThat(mail).containsPattern(
                        "Subject: (mail\\.contoso\\.com on CAS01 \\(IIS\\) expires in (39|40) days|certlife: [0-9]+ alerts for )")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(LocalSystemExtension.files(system.webhookFolder()))
                .filteredOn(request -> request.startsWith("POST /hooks/local-webhook")
                        && (request.contains("mail.contoso.com on CAS01 (IIS) expires in")
                        || request.contains("\"type\":\"io.certlife.certificate.expiring.v1\"") && request.contains("CN=mail.contoso.com")))
                .isNotEmpty().allSatisfy(request -> assertThat(request).containsIgnoringCase("X-certlife-signature: sha256=")));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(given().baseUri(system.url("renewal-service"))
                .get("/renewals").then().extract().jsonPath().<Map<String, Object>>getList("$"))
                .anySatisfy(r -> assertThat(r).containsEntry("subject", "CN=HUB01").containsEntry("issuer", "SELF_SIGNED")
                        .containsEntry("state", "ISSUED"))
                .anySatisfy(r -> assertThat(r).containsEntry("subject", "CN=mail.contoso.com").containsEntry("issuer", "CSR")
                        .containsEntry("state", "ISSUED")));
        // Pebble is installed (the test command installs it): the web shop's certificate is renewed through ACME, the
        // demo playing the DNS operator of the DNS_RECORD task
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(given().baseUri(system.url("renewal-service"))
                .get("/renewals").then().extract().jsonPath().<Map<String, Object>>getList("$"))
                .anySatisfy(r -> assertThat(r).containsEntry("subject", "CN=" + DemoAcme.ZONE).containsEntry("issuer", "ACME")
                        .containsEntry("state", "ISSUED")));
        assertThat(given().baseUri(system.url("notifier-service")).get("/tasks?server=" + DemoAcme.ZONE).then().extract().jsonPath()
                .<Map<String, Object>>getList("$")).anySatisfy(t -> assertThat(t).containsEntry("kind", "DNS_RECORD")
                .containsEntry("server", DemoAcme.ZONE).containsEntry("state", "DONE"));
        // HUB01 is at Redmond, whose maintenance windows (Wednesday and Saturday nights) the demo estate sets: its
        // replacement is planned into the next one that ends a day before the old certificate expires
        Map<String, Object> hub01 = given().baseUri(system.url("renewal-service")).get("/renewals").then().extract().jsonPath()
                .<Map<String, Object>>getList("$").stream().filter(r -> "CN=HUB01".equals(r.get("subject"))).findFirst().orElseThrow();
        assertThat(hub01.get("activationWindows")).asList().singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("site", "Redmond").containsKeys("start", "end");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(given().baseUri(system.url("notifier-service"))
                .get("/tasks?server=isa01.contoso.com").then().extract().jsonPath().<Map<String, Object>>getList("$"))
                .singleElement().satisfies(task -> assertThat(task).containsEntry("kind", "ISA_EXPORT")
                        .containsEntry("exportProfile", "LEGACY").containsEntry("exportState", "DELIVERED")
                        .as("planned into Redmond's window, due when it ends").containsKey("windowStart")
                        .containsEntry("dueAt", task.get("windowEnd"))));
        assertThat(LocalSystemExtension.files(system.mailFolder())).anySatisfy(mail -> assertThat(mail).contains("Subject: PFX download for: ")
                .contains("/exports/").contains("a key custodian reveals it once with: certlife exports password"));
    }

    /** The certlife CLI against the running services, after the demo above: the commands a user types. */
    @Test
    @Order(2)
    void theCliWorksAgainstTheRunningServices(@TempDir Path dir) throws Exception {
        Path estate = Files.writeString(dir.resolve("estate.yaml"), """
                sites: [{name: Cli-Lab, timeZone: Europe/Berlin}]
                servers: [{fqdn: cli01.contoso.com, site: Cli-Lab, roles: [HUB_TRANSPORT]}]
                """);
        cli("estate", "import", estate.toString()).succeeds().prints("CREATED");
        cli("estate", "import", estate.toString(), "-o", "json").succeeds().prints("UNCHANGED");

        Instant now = Instant.now();
        var own = TestCertificates.selfSigned("cli01.contoso.com", List.of("cli01.contoso.com"), now.minus(1, ChronoUnit.DAYS),
                now.plus(20, ChronoUnit.DAYS));
        Path pem = Files.writeString(dir.resolve("cli01.pem"), own.pem());
        cli("certs", "import", pem.toString()).succeeds().prints("CN=cli01.contoso.com");
        JsonNode expiring = json(cli("certs", "list", "--expiring", "30d", "-o", "json").succeeds()
                .prints("CN=cli01.contoso.com").prints("CN=HUB01"));
        String thumbprint = expiring.get(0).path("thumbprintSha1").asText();
        cli("certs", "show", thumbprint).succeeds().prints(thumbprint);
        assertThat(cli("certs", "show", "0".repeat(40)).exitCode()).as("not found").isEqualTo(3);
        cli("certs", "list", "--server", "cas01.contoso.com").succeeds().prints("CN=mail.contoso.com");
        cli("certs", "list", "--name", "AUTODISCOVER.contoso").succeeds().prints("CN=mail.contoso.com");

        cli("findings", "list", "--rule", "EXPORTABLE_KEY_REQUIRED", "--all").succeeds().prints("EXPORTABLE_KEY_REQUIRED");
        cli("trust-anchors", "list", "CSR").succeeds().prints("Example Trust Public CA (demo)").prints("Contoso Enterprise CA (demo)");

        JsonNode renewals = json(cli("renewals", "list", "-o", "json").succeeds().prints("\"state\" : \"ISSUED\""));
        JsonNode csrRenewal = StreamSupport.stream(renewals.spliterator(), false)
                .filter(r -> r.path("issuer").asText().equals("CSR") && r.path("subject").asText().equals("CN=mail.contoso.com"))
                .findFirst().orElseThrow();
        Path csr = dir.resolve("mail.csr");
        cli("csr", "get", csrRenewal.path("id").asText(), "-f", csr.toString()).succeeds();
        PKCS10CertificationRequest request;
        try (PemReader reader = new PemReader(Files.newBufferedReader(csr))) {
            request = new PKCS10CertificationRequest(reader.readPemObject().getContent());
        }
        assertThat(request.getSubject()).hasToString("CN=mail.contoso.com");
        assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()))).isTrue();

        // the stand-in CA already answered this CSR: handing in a certificate again, or approving, is refused by the service
        Path again = Files.writeString(dir.resolve("again.pem"), own.pem());
        CliRun completeAgain = cli("csr", "complete", csrRenewal.path("id").asText(), again.toString());
        assertThat(completeAgain.exitCode()).as("refused").isEqualTo(1);
        assertThat(completeAgain.err()).contains("409").contains("not waiting for a certificate");
        CliRun approveIssued = cli("renewals", "approve", csrRenewal.path("id").asText());
        assertThat(approveIssued.exitCode()).as("refused").isEqualTo(1);
        assertThat(approveIssued.err()).contains("not waiting for approval");

        Path pfx = dir.resolve("mail.pfx");
        Path password = dir.resolve("mail.password");
        cli("export", csrRenewal.path("newCertificateId").asText(), "--profile", "legacy", "-o", pfx.toString(),
                "--password-file", password.toString()).succeeds().prints("PFX (LEGACY) written");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pfx)) {
            store.load(in, Files.readString(password).toCharArray());
        }
        assertThat(Collections.list(store.aliases())).anySatisfy(alias -> assertThat(store.isKeyEntry(alias)).isTrue());

        cli("renew", csrRenewal.path("certificateId").asText()).succeeds().prints("ISSUED");

        JsonNode tasks = json(cli("tasks", "list", "--server", "isa01.contoso.com", "-o", "json").succeeds().prints("ISA_EXPORT"));
        String taskId = tasks.get(0).path("id").asText();
        cli("tasks", "show", taskId).succeeds().prints("Steps:").prints("OWA Listener");
        cli("tasks", "start", taskId).succeeds().prints("IN_PROGRESS");
        // marked done, it is probed: the demo's ISA server is not reachable, so it waits to be seen served
        cli("tasks", "done", taskId, "--note", "bound on ISA01").succeeds().prints("VERIFYING");
        cli("tasks", "close", taskId, "--reason", "ISA01 is a demo server nobody can reach").succeeds().prints("CLOSED_UNVERIFIED");
        CliRun restart = cli("tasks", "start", taskId);
        assertThat(restart.exitCode()).as("refused").isEqualTo(1);
        assertThat(restart.err()).contains("409");
    }

    /**
     * The Hub's renewal (self-signed, key made by certlife) followed as its task says: the PFX link from the mail, the
     * password from a key custodian with the CLI, and a PFX that keytool opens holding the task's certificate with its key.
     */
    @Test
    @Order(3)
    void theHubsTaskCanBeFollowedLiterally(@TempDir Path dir) throws Exception {
        LocalSystem system = LOCAL.system();
        Map<String, Object> task = await().atMost(Duration.ofSeconds(90)).until(() -> given()
                .baseUri(system.url("notifier-service")).get("/tasks?server=hub01.contoso.com").then().extract().jsonPath()
                .<Map<String, Object>>getList("$").stream().filter(t -> "EXCHANGE_ENABLE".equals(t.get("kind"))
                        && "DELIVERED".equals(t.get("exportState"))).findFirst().orElse(null), java.util.Objects::nonNull);
        String thumbprint = (String) task.get("thumbprint");
        cli("tasks", "show", (String) task.get("id")).succeeds().prints("PFX export: LEGACY, DELIVERED")
                .prints("one-time link certlife sends to you by email").prints("certlife exports password")
                .prints("Import-ExchangeCertificate -Server HUB01");
        String mail = LocalSystemExtension.files(system.mailFolder()).stream()
                .map(m -> m.replace("=\r\n", "").replace("=\n", ""))
                .filter(m -> m.contains("PFX download for: ") && m.contains((String) task.get("id"))).findFirst().orElseThrow();
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("(http://\\S+/exports/[A-Za-z0-9_-]+)").matcher(mail);
        java.util.regex.Matcher export = java.util.regex.Pattern.compile("certlife exports password ([0-9a-f-]{36})").matcher(mail);
        assertThat(link.find()).as("the link in the mail").isTrue();
        assertThat(export.find()).as("the export id in the mail").isTrue();

        byte[] pfx = given().get(link.group(1)).then().statusCode(200).extract().asByteArray();
        given().get(link.group(1)).then().statusCode(404);
        Path file = Files.write(dir.resolve(thumbprint + ".pfx"), pfx);
        Path password = dir.resolve("hub01.password");
        cli("exports", "password", export.group(1), "--password-file", password.toString()).succeeds();
        String listing = Keytool.list(file, Files.readString(password).strip());
        assertThat(listing).contains("PrivateKeyEntry").containsIgnoringCase(fingerprint(thumbprint));
    }

    /** keytool's SHA1 fingerprint form: AB:CD:... */
    private static String fingerprint(String thumbprint) {
        return String.join(":", thumbprint.split("(?<=\\G..)"));
    }

    private record CliRun(int exitCode, String out, String err) {
        CliRun succeeds() {
            assertThat(exitCode).as(err).isZero();
            return this;
        }

        CliRun prints(String text) {
            assertThat(out).contains(text);
            return this;
        }
    }

    private static JsonNode json(CliRun run) throws IOException {
        return new ObjectMapper().readTree(run.out());
    }

    /**
     * An API token made with the CLI works at every service with its roles, and once revoked is refused by every
     * service within a second; its secret reaches no service's log.
     */
    @Test
    @Order(3)
    void aTokenMadeWithTheCliWorksEverywhereAndARevokedOneIsRefusedEverywhereWithinASecond() throws IOException {
        LocalSystem system = LOCAL.system();
        JsonNode created = json(cli("tokens", "create", "ops-platform", "--role", "operator", "-o", "json").succeeds());
        String secret = created.path("secret").asText();
        assertThat(secret).startsWith("certlife_");
        cli("tokens", "list").succeeds().prints("ops-platform").prints("operator");
        assertThat(cli("tokens", "list").out()).doesNotContain(secret);
        Map<String, String> reads = Map.of("inventory-service", "/teams", "renewal-service", "/renewals",
                "notifier-service", "/tasks");
        reads.forEach((service, path) -> given().baseUri(system.url(service)).header("Authorization", "Bearer " + secret)
                .get(path).then().statusCode(200));
        given().baseUri(system.url("renewal-service")).header("Authorization", "Bearer " + secret).post("/keys/rotation")
                .then().statusCode(403);

        cli("tokens", "revoke", created.path("id").asText()).succeeds().prints("ops-platform");
        long revoked = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                reads.forEach((service, path) -> given().baseUri(system.url(service)).header("Authorization", "Bearer " + secret)
                        .get(path).then().statusCode(401)));
        Duration refusedAfter = Duration.ofNanos(System.nanoTime() - revoked);
        System.out.println("revoked token refused by every service after " + refusedAfter.toMillis() + " ms");
        assertThat(refusedAfter).isLessThan(Duration.ofSeconds(1));

        for (String service : LocalSystem.SERVICES) {
            assertThat(Files.readString(system.log(service))).as(service + "'s log").doesNotContain(secret);
        }
    }

    /**
     * The web console over the demo, as a person signs in with a token: the Attention page lists what the demo leaves to
     * people (the ISA export task, issued replacements not yet served), the estate shows each slot with its expiry band
     * written out and filters by search, a certificate's page has its stored fields and renewals; the services answer
     * the console as the signed-in user (a viewer's sign-in shows a viewer), and the token is in no page and no log.
     */
    @Test
    @Order(4)
    void theConsoleShowsTheDemoToTheSignedInPerson() throws Exception {
        LocalSystem system = LOCAL.system();
        String console = system.url(LocalSystem.CONSOLE);
        var noRedirects = io.restassured.config.RestAssuredConfig.config()
                .redirect(io.restassured.config.RedirectConfig.redirectConfig().followRedirects(false));
        given().config(noRedirects).baseUri(console).get("/").then().statusCode(303).header("Location", containsString("/sign-in"));
        given().config(noRedirects).baseUri(console).formParam("token", "certlife_" + "x".repeat(43)).post("/sign-in").then()
                .statusCode(401).body(containsString("not accepted"));

        String admin = system.adminToken();
        var signedIn = given().config(noRedirects).baseUri(console).formParam("token", admin).post("/sign-in").then()
                .statusCode(303).header("Location", endsWith("/")).header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict")).extract().detailedCookie("certlife_session");
        assertThat(signedIn.getValue()).doesNotContain(admin);
        String session = signedIn.getValue();

        String attention = given().baseUri(console).cookie("certlife_session", session).get("/").then().statusCode(200)
                .extract().asString();
        assertThat(attention).contains("<h1>Attention</h1>").contains("admin (viewer, operator, approver, key-custodian, admin)")
                .contains("Issued, not yet served").contains("Task open").doesNotContain("Not shown:").doesNotContain(admin)
                .containsPattern("Last expiry sweep: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(\\d+ expiring, ");

        String estate = given().baseUri(console).cookie("certlife_session", session).get("/estate").then().statusCode(200)
                .extract().asString();
        assertThat(estate).contains("cas01.contoso.com").contains("isa01.contoso.com").contains("under 60 days")
                .contains("The next 52 weeks").contains("Last seen served").doesNotContain("Not shown:");
        String mail = given().baseUri(console).cookie("certlife_session", session).queryParam("q", "mail.contoso.com")
                .get("/estate").then().statusCode(200).extract().asString();
        assertThat(mail).contains(">mail.contoso.com</a>").contains("1 slot(s) shown").doesNotContain("hub01.contoso.com");
        given().baseUri(console).cookie("certlife_session", session).queryParam("band", "SOON").get("/estate").then()
                .statusCode(400).body(containsString("band must be one of"));

        String mailId = given().baseUri(system.url("inventory-service")).get("/certificates?size=1000").then().extract()
                .jsonPath().<Map<String, Object>>getList("$").stream().filter(c -> "CN=mail.contoso.com".equals(c.get("subject")))
                .map(c -> (String) c.get("id")).findFirst().orElseThrow();
        given().baseUri(console).cookie("certlife_session", session).get("/certificates/" + mailId).then().statusCode(200)
                .body(containsString("subjectAltNames")).body(containsString("autodiscover.contoso.com"))
                .body(matchesPattern("(?s).*<td>(ISSUED|DEPLOY_OVERDUE|VERIFIED)</td>.*"))
                .body(containsString("<h2>Where it is used</h2>")).body(containsString("on <a href=\"/estate?q=cas01.contoso.com\">"))
                .body(containsString("<h2>Seen served</h2>")).body(containsString("<h2>Revocation</h2>"))
                .body(matchesPattern("(?s).*<p class=\"revocation-(GOOD|REVOKED|UNKNOWN)\"><strong>.*"));
        String pem = given().baseUri(console).cookie("certlife_session", session).get("/certificates/" + mailId
                + "/download?format=pem").then().statusCode(200).header("Content-Disposition", containsString("attachment"))
                .extract().asString();
        assertThat(pem.split("-----BEGIN CERTIFICATE-----", -1)).as("the leaf and its chain").hasSizeGreaterThanOrEqualTo(3);
        byte[] der = given().baseUri(console).cookie("certlife_session", session).get("/certificates/" + mailId
                + "/download?format=der").then().statusCode(200).extract().asByteArray();
        try {
            var leaf = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
            assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=mail.contoso.com");
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError("the DER download is not a certificate", e);
        }
        given().baseUri(console).cookie("certlife_session", session).get("/certificates/" + mailId + "/download?format=txt")
                .then().statusCode(400).body(containsString("format must be pem"));
        given().baseUri(console).cookie("certlife_session", session).get("/certificates/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).body(containsString("no certificate"));

        // renew now from a certificate's page: renewal-service does it as the signed-in user and audits it so
        String cli01 = given().baseUri(system.url("inventory-service")).get("/certificates?size=1000").then().extract()
                .jsonPath().<Map<String, Object>>getList("$").stream().filter(c -> "CN=cli01.contoso.com".equals(c.get("subject")))
                .map(c -> (String) c.get("id")).findFirst().orElseThrow();
        String certificatePage = given().baseUri(console).cookie("certlife_session", session).get("/certificates/" + cli01)
                .then().statusCode(200).extract().asString();
        assertThat(certificatePage).contains("<button type=\"submit\">Renew now</button>");
        var renewed = given().config(noRedirects).baseUri(console).cookie("certlife_session", session)
                .post("/certificates/" + cli01 + "/renew").then().statusCode(303)
                .header("Location", endsWith("/certificates/" + cli01)).extract();
        given().baseUri(console).cookie("certlife_session", session).cookie("certlife_flash", renewed.cookie("certlife_flash"))
                .get("/certificates/" + cli01).then().statusCode(200).body(containsString("Renewal requested"))
                .header("Set-Cookie", containsString("certlife_flash=;"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().baseUri(system.url("renewal-service"))
                .get("/renewals?certificateId=" + cli01).then().extract().jsonPath().<String>getList("requestedBy"))
                .containsExactly("admin"));
        assertThat(given().baseUri(system.url("renewal-service")).get("/audit?subject=admin").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("$"))
                .anySatisfy(record -> assertThat(record).containsEntry("action", "POST /renewals").containsEntry("outcome", 202));
        String renewals = given().baseUri(console).cookie("certlife_session", session).get("/renewals").then().statusCode(200)
                .extract().asString();
        assertThat(renewals).contains("CN=cli01.contoso.com").contains("Download the CSR");
        String mailRenewal = given().baseUri(system.url("renewal-service")).get("/renewals?certificateId=" + mailId).then()
                .extract().jsonPath().getString("[0].id");
        given().baseUri(console).cookie("certlife_session", session).get("/renewals/" + mailRenewal + "/csr").then()
                .statusCode(200).header("Content-Disposition", containsString("attachment"))
                .body(containsString("-----BEGIN CERTIFICATE REQUEST-----"));
        given().config(noRedirects).baseUri(console).cookie("certlife_session", session).header("Origin", "https://evil.example")
                .post("/certificates/" + cli01 + "/renew").then().statusCode(403);
        // the CA's answer to a CSR, handed in through the console: renewal-service examines it (this one was answered
        // already by the stand-in CA, so it is refused, saying why); what is not a PEM never leaves the console
        String answered = given().config(noRedirects).baseUri(console).cookie("certlife_session", session)
                .multiPart("pem", pem).post("/renewals/" + mailRenewal + "/certificate").then().statusCode(303)
                .header("Location", endsWith("/renewals")).extract().cookie("certlife_flash");
        given().baseUri(console).cookie("certlife_session", session).cookie("certlife_flash", answered).get("/renewals").then()
                .body(containsString("Not taken: renewal-service answered HTTP 409")).body(containsString("not waiting for a certificate"));
        given().config(noRedirects).baseUri(console).cookie("certlife_session", session).multiPart("pem", "a certificate, honest")
                .post("/renewals/" + mailRenewal + "/certificate").then().statusCode(400).body(containsString("as PEM"));

        // a task's steps, and a move made through the console by the signed-in operator
        String casTask = given().baseUri(system.url("notifier-service")).get("/tasks?server=cas01.contoso.com").then()
                .extract().jsonPath().getString("find { it.state == 'OPEN' }.id");
        assertThat(casTask).as("the CAS's open task").isNotNull();
        given().baseUri(console).cookie("certlife_session", session).get("/tasks").then().statusCode(200)
                .body(containsString("for IIS")).body(containsString("Copy step 1"))
                .body(containsString("action=\"/tasks/" + casTask + "/start\""));
        given().baseUri(console).cookie("certlife_session", session).get("/tasks?state=SOME").then().statusCode(400)
                .body(containsString("state must be ALL"));
        given().config(noRedirects).baseUri(console).cookie("certlife_session", session).post("/tasks/" + casTask + "/start")
                .then().statusCode(303).header("Location", endsWith("/tasks"));
        assertThat(given().baseUri(system.url("notifier-service")).get("/tasks/" + casTask).then().extract().path("state")
                .toString()).isEqualTo("IN_PROGRESS");
        assertThat(given().baseUri(system.url("notifier-service")).get("/audit?subject=admin").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("$"))
                .anySatisfy(record -> assertThat(record).containsEntry("action", "POST /tasks/" + casTask + "/start"));

        // a task's PFX for a key custodian, and its password revealed once by another custodian, never by its maker
        String exportTask = given().baseUri(system.url("notifier-service")).get("/tasks").then().extract().jsonPath()
                .getString("find { it.exportProfile != null && (it.state == 'OPEN' || it.state == 'IN_PROGRESS') }.id");
        assertThat(exportTask).as("an open task that puts a PFX on a server").isNotNull();
        given().baseUri(console).cookie("certlife_session", session).get("/tasks").then()
                .body(containsString("action=\"/tasks/" + exportTask + "/export\""));
        var exported = given().config(noRedirects).baseUri(console).cookie("certlife_session", session)
                .post("/tasks/" + exportTask + "/export").then().statusCode(200).contentType("application/x-pkcs12")
                .header("Cache-Control", "no-store").extract();
        String exportId = exported.header("Content-Disposition").replaceAll(".*export-([0-9a-f-]{36})\\.pfx.*", "$1");
        assertThat(exportId).hasSize(36);
        String ownReveal = given().config(noRedirects).baseUri(console).cookie("certlife_session", session)
                .formParam("exportId", exportId).post("/tasks/password").then().statusCode(303).extract().cookie("certlife_flash");
        given().baseUri(console).cookie("certlife_session", session).cookie("certlife_flash", ownReveal).get("/tasks").then()
                .body(containsString("Not revealed: renewal-service answered HTTP 403"));
        JsonNode custodian = json(cli("tokens", "create", "console-custodian", "--role", "key-custodian", "-o", "json").succeeds());
        String custodianSession = given().config(noRedirects).baseUri(console).formParam("token", custodian.path("secret").asText())
                .post("/sign-in").then().statusCode(303).extract().cookie("certlife_session");
        String revealed = given().baseUri(console).cookie("certlife_session", custodianSession).formParam("exportId", exportId)
                .post("/tasks/password").then().statusCode(200).header("Cache-Control", "no-store").extract().htmlPath()
                .getString("**.find { it.@id == 'export-password' }");
        KeyStore exportStore = KeyStore.getInstance("PKCS12");
        exportStore.load(new java.io.ByteArrayInputStream(exported.asByteArray()), revealed.toCharArray());
        assertThat(Collections.list(exportStore.aliases())).anySatisfy(alias -> assertThat(exportStore.isKeyEntry(alias)).isTrue());
        given().config(noRedirects).baseUri(console).cookie("certlife_session", custodianSession).formParam("exportId", exportId)
                .post("/tasks/password").then().statusCode(303);

        // alerts: acknowledged and snoozed through the console, as the signed-in operator
        List<String> open = given().baseUri(system.url("notifier-service")).get("/alerts?state=OPEN").then().extract()
                .jsonPath().getList("id");
        assertThat(open).hasSizeGreaterThanOrEqualTo(2);
        given().baseUri(console).cookie("certlife_session", session).get("/alerts").then().statusCode(200)
                .body(containsString("action=\"/alerts/" + open.get(0) + "/acknowledge\""));
        given().config(noRedirects).baseUri(console).cookie("certlife_session", session).post("/alerts/" + open.get(0)
                + "/acknowledge").then().statusCode(303);
        given().config(noRedirects).baseUri(console).cookie("certlife_session", session).formParam("until", "next week")
                .post("/alerts/" + open.get(1) + "/snooze").then().statusCode(400).body(containsString("snooze until must be"));
        given().config(noRedirects).baseUri(console).cookie("certlife_session", session).formParam("until", "2030-01-02T09:00")
                .post("/alerts/" + open.get(1) + "/snooze").then().statusCode(303);
        var alertsNow = given().baseUri(system.url("notifier-service")).get("/alerts").then().extract().jsonPath();
        assertThat(alertsNow.getString("find { it.id == '" + open.get(0) + "' }.state")).isEqualTo("ACKNOWLEDGED");
        assertThat(alertsNow.getString("find { it.id == '" + open.get(0) + "' }.acknowledgedBy")).isEqualTo("admin");
        assertThat(alertsNow.getString("find { it.id == '" + open.get(1) + "' }.state")).isEqualTo("SNOOZED");
        assertThat(alertsNow.getString("find { it.id == '" + open.get(1) + "' }.snoozedUntil")).startsWith("2030-01-02T09:00");

        // the records: findings by rule, the delivery ledger, and (admins) the audit trails merged
        given().baseUri(console).cookie("certlife_session", session).get("/findings").then().statusCode(200)
                .body(containsString("<caption>PUBLIC_ISSUER_REQUIRED: 1</caption>"));
        given().baseUri(console).cookie("certlife_session", session).get("/findings?state=all").then().statusCode(200)
                .body(containsString("<caption>EXPORTABLE_KEY_REQUIRED: "));
        given().baseUri(console).cookie("certlife_session", session).get("/findings?state=some").then().statusCode(400);
        given().baseUri(console).cookie("certlife_session", session).get("/deliveries?status=SENT").then().statusCode(200)
                .body(containsString("local-webhook")).body(containsString("<td>SENT</td>"));
        given().baseUri(console).cookie("certlife_session", session).get("/deliveries?status=LOST").then().statusCode(400)
                .body(containsString("status must be one of"));
        given().baseUri(console).cookie("certlife_session", session).get("/audit").then().statusCode(200)
                .body(containsString("<td>POST /renewals</td>")).body(containsString("<td>renewal-service</td>"))
                .body(containsString("<td>notifier-service</td>"));

        // the 47-day plan: the published CAS certificate needs people at every renewal, and the page says why
        given().baseUri(console).cookie("certlife_session", session).get("/readiness").then().statusCode(200)
                .body(containsString("<h1>47-day readiness</h1>")).body(containsString("From 2029-03-15 (47 days)"))
                .body(containsString("published by isa01.contoso.com (OWA Listener)"))
                .body(containsString("ISA 2006 has no interface for it"))
                .body(containsString("isa01.contoso.com runs WINDOWS_SERVER_2003, which imports only a LEGACY PFX"))
                .body(matchesPattern("(?s).*Operator hours a year for the whole estate.*<td>\\d+\\.\\d h</td>.*"))
                .body(not(containsString("Not shown:")));

        JsonNode viewer = json(cli("tokens", "create", "console-viewer", "--role", "viewer", "-o", "json").succeeds());
        String viewerSession = given().config(noRedirects).baseUri(console).formParam("token", viewer.path("secret").asText())
                .post("/sign-in").then().statusCode(303).extract().cookie("certlife_session");
        given().baseUri(console).cookie("certlife_session", viewerSession).get("/").then().statusCode(200)
                .body(containsString("console-viewer (viewer)"));
        given().baseUri(console).cookie("certlife_session", viewerSession).get("/").then()
                .body(not(containsString("href=\"/audit\"")));
        given().config(noRedirects).baseUri(console).cookie("certlife_session", viewerSession).get("/audit").then().statusCode(403);
        // what a viewer may not do is not offered, and refused by the service when asked anyway
        assertThat(given().baseUri(console).cookie("certlife_session", viewerSession).get("/certificates/" + cli01).then()
                .statusCode(200).extract().asString()).doesNotContain("Renew now");
        String refused = given().config(noRedirects).baseUri(console).cookie("certlife_session", viewerSession)
                .post("/certificates/" + cli01 + "/renew").then().statusCode(303).extract().cookie("certlife_flash");
        given().baseUri(console).cookie("certlife_session", viewerSession).cookie("certlife_flash", refused)
                .get("/certificates/" + cli01).then().statusCode(200)
                .body(containsString("Not renewed: renewal-service answered HTTP 403"));

        given().config(noRedirects).baseUri(console).cookie("certlife_session", session).post("/sign-out").then().statusCode(303)
                .header("Set-Cookie", containsString("Max-Age=0"));
        for (Path log : List.of(system.log(LocalSystem.CONSOLE), system.log("inventory-service"), system.log("renewal-service"))) {
            assertThat(Files.readString(log)).as(log + " holds no token or export password").doesNotContain(admin)
                    .doesNotContain(viewer.path("secret").asText()).doesNotContain(custodian.path("secret").asText())
                    .doesNotContain(revealed);
        }
    }

    /**
     * The console in a real Chromium, as a person uses it: signed in from the keyboard (the token field has the focus
     * and a label), every control labelled, the header's links and sign-out reachable with Tab, the estate's bands
     * written out beside their colours, nothing wider than a phone's 390 px, and the same pages and the estate's
     * search working with JavaScript off. Screenshots at 1280x800 go to target/ (docs/ has the README's).
     */
    @Test
    @Order(5)
    void aPersonUsesTheConsoleInARealBrowserWithTheKeyboardOnAPhoneAndWithoutJavaScript() throws IOException {
        LocalSystem system = LOCAL.system();
        String console = system.url(LocalSystem.CONSOLE);
        // two renewals that drift (an EC key on Windows Server 2003 must become RSA: a WARNING), asked for by an operator,
        // so that they wait for an approver other than the one who asked
        String requester = json(cli("tokens", "create", "console-requester", "--role", "operator", "-o", "json").succeeds())
                .path("secret").asText();
        List<String> drifting = new ArrayList<>();
        for (String server : List.of("legacy01.contoso.com", "legacy02.contoso.com")) {
            given().baseUri(system.url("inventory-service")).contentType("application/json")
                    .body(Map.of("fqdn", server, "site", "Redmond", "roles", List.of("HUB_TRANSPORT"), "os", "WINDOWS_SERVER_2003"))
                    .put("/servers/" + server).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
            Instant now = Instant.now();
            var ec = TestCertificates.selfSigned(server, List.of(server), now.minus(300, ChronoUnit.DAYS),
                    now.plus(20, ChronoUnit.DAYS), TestCertificates.ecKeyPair());
            String id = given().baseUri(system.url("inventory-service")).contentType("application/x-pem-file")
                    .body(ec.pem().getBytes()).post("/certificates").then().statusCode(201).extract().path("certificates[0].id");
            given().baseUri(system.url("inventory-service")).contentType("application/json")
                    .body(Map.of("server", server, "service", "SMTP", "certificateId", id))
                    .put("/servers/" + server + "/bindings/SMTP").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
            given().baseUri(system.url("renewal-service")).header("Authorization", "Bearer " + requester)
                    .contentType("application/json").body(Map.of("certificateId", id)).post("/renewals").then().statusCode(202);
            drifting.add(await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(system.url("renewal-service"))
                    .get("/renewals?certificateId=" + id).then().extract().jsonPath()
                    .getString("find { it.state == 'PENDING_APPROVAL' }.id"), java.util.Objects::nonNull));
        }
        // their expiry alerts (the sweep runs on demand in the tests)
        given().baseUri(system.url("inventory-service")).post("/expiry-sweeps").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> !given().baseUri(system.url("notifier-service"))
                .get("/alerts?state=OPEN").then().extract().jsonPath().getList("id").isEmpty());
        JsonNode viewer = json(cli("tokens", "create", "browser-viewer", "--role", "viewer", "-o", "json").succeeds());

        // a viewer is offered no Approve, and a POST forged in the page is refused by renewal-service
        org.openqa.selenium.chrome.ChromeDriver viewing = Browser.start(1280, 800, true);
        try {
            signIn(viewing, console, viewer.path("secret").asText());
            viewing.get(console + "/renewals");
            Browser.awaitHeading(viewing, "Renewals", 20);
            assertThat(viewing.findElement(By.tagName("main")).getText()).contains("CN=legacy01.contoso.com")
                    .contains("WARNING EcdsaNotSupported: a consumer of this certificate cannot use ECDSA keys");
            assertThat(viewing.findElements(By.xpath("//button[normalize-space()='Approve']"))).as("no Approve for a viewer").isEmpty();
            viewing.executeScript("const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                    + " document.body.appendChild(f); f.submit();", "/renewals/" + drifting.get(1) + "/approve");
            awaitStatus(viewing, "Not approved: renewal-service answered HTTP 403");
        } finally {
            viewing.quit();
        }
        assertThat(given().baseUri(system.url("renewal-service")).get("/renewals/" + drifting.get(1)).then().extract()
                .path("state").toString()).isEqualTo("PENDING_APPROVAL");

        org.openqa.selenium.chrome.ChromeDriver browser = Browser.start(1280, 800, true);
        try {
            browser.get(console + "/");
            assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
            assertThat(browser.findElement(By.cssSelector("label[for=token]")).getText()).isEqualTo("API token");
            assertThat(browser.switchTo().activeElement().getAttribute("id")).as("the token field has the focus").isEqualTo("token");
            assertThat(unlabelledControls(browser)).isZero();
            browser.switchTo().activeElement().sendKeys(system.adminToken() + Keys.ENTER);
            Browser.awaitHeading(browser, "Attention", 20);
            assertThat(browser.executeScript("return typeof htmx")).as("htmx loaded").isEqualTo("object");
            // what the notifier says is open work is what the page lists, one row each
            // (read again until both are read between the same changes: the demo's services keep working meanwhile)
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                long openTasks = given().baseUri(system.url("notifier-service")).get("/tasks").then().extract().jsonPath()
                        .<String>getList("state").stream().filter(state -> state.equals("OPEN") || state.equals("IN_PROGRESS"))
                        .count();
                browser.navigate().refresh();
                assertThat(openTasks).isPositive();
                assertThat(browser.findElements(By.cssSelector("table.attention tbody tr td:nth-child(2)")).stream()
                        .map(org.openqa.selenium.WebElement::getText).filter(what -> what.startsWith("Task ")).count())
                        .as("a row for each open task").isEqualTo(openTasks);
            });
            screenshot(browser, "console-attention.png");

            List<String> reached = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                browser.switchTo().activeElement().sendKeys(Keys.TAB);
                reached.add(browser.switchTo().activeElement().getText());
            }
            assertThat(reached).as("reached with Tab, in order").containsSubsequence("Skip to content", "Attention", "Estate", "Renewals", "Tasks", "Alerts", "Findings", "Deliveries", "Audit", "Sign out");
            browser.findElement(By.linkText("Estate")).sendKeys(Keys.ENTER);
            Browser.awaitHeading(browser, "Estate", 20);
            assertThat(browser.findElements(By.cssSelector("td[class^=band-]"))).isNotEmpty()
                    .allSatisfy(cell -> assertThat(cell.getText()).as("the band is written, not only coloured")
                            .isIn("expired", "under 7 days", "under 30 days", "under 60 days", "fine"));
            assertThat(unlabelledControls(browser)).isZero();
            screenshot(browser, "console-estate.png");

            browser.findElement(By.linkText("Tasks")).click();
            Browser.awaitHeading(browser, "Tasks", 20);
            assertThat(browser.findElements(By.cssSelector("button.copy"))).as("copy buttons, shown where scripts run")
                    .isNotEmpty().allSatisfy(button -> assertThat(button.isDisplayed()).isTrue());

            // approve the drifting renewal, as an approver who did not ask for it
            browser.findElement(By.linkText("Renewals")).click();
            Browser.awaitHeading(browser, "Renewals", 20);
            screenshot(browser, "console-renewals.png");
            browser.findElement(By.cssSelector("form[action='/renewals/" + drifting.get(0) + "/approve'] button")).click();
            awaitStatus(browser, "Approved the renewal of CN=legacy01.contoso.com");
            assertThat(given().baseUri(system.url("renewal-service")).get("/renewals/" + drifting.get(0)).then().extract()
                    .jsonPath().getString("approvedBy")).isEqualTo("admin");

            // a task marked done goes to VERIFYING: the notifier now probes its slots
            String doneTask = given().baseUri(system.url("notifier-service")).get("/tasks").then().extract().jsonPath()
                    .getString("find { (it.state == 'OPEN' || it.state == 'IN_PROGRESS') && it.kind == 'EXCHANGE_ENABLE' }.id");
            assertThat(doneTask).as("an open Exchange task").isNotNull();
            browser.findElement(By.linkText("Tasks")).click();
            Browser.awaitHeading(browser, "Tasks", 20);
            screenshot(browser, "console-tasks.png");
            if (!browser.findElements(By.cssSelector("form[action='/tasks/" + doneTask + "/start'] button")).isEmpty()) {
                assertThat(browser.findElements(By.cssSelector("form[action='/tasks/" + doneTask + "/done']")))
                        .as("done follows start").isEmpty();
                browser.findElement(By.cssSelector("form[action='/tasks/" + doneTask + "/start'] button")).click();
                awaitStatus(browser, "is now IN_PROGRESS.");
            }
            browser.findElement(By.cssSelector("form[action='/tasks/" + doneTask + "/done'] button")).click();
            awaitStatus(browser, "is now VERIFYING.");
            assertThat(given().baseUri(system.url("notifier-service")).get("/tasks/" + doneTask).then().extract().path("state")
                    .toString()).isEqualTo("VERIFYING");

            // an alert acknowledged
            String openAlert = given().baseUri(system.url("notifier-service")).get("/alerts?state=OPEN").then().extract()
                    .jsonPath().getString("[0].id");
            assertThat(openAlert).as("an open alert").isNotNull();
            browser.findElement(By.linkText("Alerts")).click();
            Browser.awaitHeading(browser, "Alerts", 20);
            screenshot(browser, "console-alerts.png");
            browser.findElement(By.cssSelector("form[action='/alerts/" + openAlert + "/acknowledge'] button")).click();
            awaitStatus(browser, "Acknowledged");
            assertThat(given().baseUri(system.url("notifier-service")).get("/alerts?state=ACKNOWLEDGED").then().extract()
                    .jsonPath().<String>getList("id")).contains(openAlert);

            // every other page, for the reviewer
            for (String[] page : List.of(new String[] {"Findings", "Findings", "console-findings.png"},
                    new String[] {"Deliveries", "Deliveries", "console-deliveries.png"},
                    new String[] {"Audit", "Audit trail", "console-audit.png"},
                    new String[] {"47-day readiness", "47-day readiness", "console-readiness.png"})) {
                browser.findElement(By.linkText(page[0])).click();
                Browser.awaitHeading(browser, page[1], 20);
                screenshot(browser, page[2]);
            }
            browser.get(console + "/estate?q=mail.contoso.com");
            browser.findElement(By.linkText("mail.contoso.com")).click();
            Browser.awaitHeading(browser, "mail.contoso.com", 20);
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Seen served").contains("Revocation");
            screenshot(browser, "console-certificate.png");

            browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            for (String page : List.of("/", "/estate", "/renewals", "/tasks", "/alerts", "/findings", "/deliveries", "/audit",
                    "/readiness")) {
                browser.get(console + page);
                assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                        .as(page + " fits a phone's width").isLessThanOrEqualTo(0L);
            }
        } finally {
            browser.quit();
        }

        org.openqa.selenium.chrome.ChromeDriver noScript = Browser.start(1280, 800, false);
        try {
            noScript.get(console + "/sign-in");
            noScript.findElement(By.id("token")).sendKeys(system.adminToken());
            noScript.findElement(By.cssSelector("form.sign-in button")).click();
            Browser.awaitHeading(noScript, "Attention", 20);
            assertThat(noScript.executeScript("return typeof htmx")).as("the page's scripts did not run").isEqualTo("undefined");
            noScript.get(console + "/estate");
            noScript.findElement(By.name("q")).sendKeys("mail.contoso.com" + Keys.ENTER);
            Browser.awaitHeading(noScript, "Estate", 20);
            assertThat(noScript.findElement(By.tagName("main")).getText()).contains("1 slot(s) shown");
            noScript.get(console + "/tasks");
            assertThat(noScript.findElements(By.cssSelector("button.copy"))).isNotEmpty()
                    .allSatisfy(button -> assertThat(button.isDisplayed()).as("no copy button without scripts").isFalse());
            assertThat(noScript.findElements(By.cssSelector("ol.steps code"))).isNotEmpty();
        } finally {
            noScript.quit();
        }
    }

    /** Waits for the page's status line (what the last action did) to say {@code expected}. */
    private static void awaitStatus(org.openqa.selenium.WebDriver browser, String expected) {
        // an element found on the page before it was replaced by the next one is stale: look again
        await().atMost(Duration.ofSeconds(20)).ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .untilAsserted(() -> assertThat(browser.findElements(By.cssSelector("[role=status]")))
                .extracting(org.openqa.selenium.WebElement::getText).anySatisfy(text -> assertThat(text).contains(expected)));
    }

    private static void signIn(org.openqa.selenium.WebDriver browser, String console, String token) {
        browser.get(console + "/sign-in");
        browser.findElement(By.id("token")).sendKeys(token + Keys.ENTER);
        Browser.awaitHeading(browser, "Attention", 20);
    }

    private static long unlabelledControls(org.openqa.selenium.chrome.ChromeDriver browser) {
        return (Long) browser.executeScript("return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(e => e.type !== 'hidden' && e.labels.length === 0).length");
    }

    private static void screenshot(org.openqa.selenium.chrome.ChromeDriver browser, String name) throws IOException {
        Files.write(Path.of("target").resolve(name), browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    /** Runs the CLI in this JVM against the running services. */
    private static CliRun cli(String... args) {
        LocalSystem system = LOCAL.system();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Certlife.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--inventory-url", system.url("inventory-service"), "--renewal-url", system.url("renewal-service"),
                "--notifier-url", system.url("notifier-service"), "--token-file", system.adminTokenFile().toString()));
        return new CliRun(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }
}
