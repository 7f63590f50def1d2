package io.certlife.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.ServiceKind;
import io.certlife.events.Topics;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.Openssl;
import io.certlife.testsupport.TestCertificates;
import io.certlife.testsupport.TlsTestServer;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole story over the packaged services as separate processes, through their public interfaces only (REST,
 * the Kafka topics, the SMTP and webhook sinks, a TLS endpoint): an estate with a CAS published by ISA 2006; the
 * CAS certificate (from the internal CA) crosses its renewal time; inventory emits RenewalDue; renewal issues the
 * replacements (internal CA for the CAS, self-signed for a Hub's SMTP); the notifier mails and posts the alerts;
 * the ISA-export task's PFX downloads once and opens with the password sent by chat, in the JDK and in openssl;
 * installed on the CAS endpoint, discovery sees it and inventory makes it the slot's certificate, replacing the
 * old. The notifier crashes in the middle and nothing is lost or sent twice.
 */
class LifecycleIT {

    private static final Instant NOW = Instant.now();
    private static final TestCertificates.Issued CA = TestCertificates.certificateAuthority("Contoso Issuing CA (e2e)",
            NOW.minus(365, ChronoUnit.DAYS), NOW.plus(5 * 365, ChronoUnit.DAYS));

    @RegisterExtension
    // one message per alert, as the mail counts below expect (grouping has its own tests in notifier-service)
    static final LocalSystemExtension LOCAL = new LocalSystemExtension(Optional.of(internalCaFiles()),
            () -> Map.of("CERTLIFE_NOTIFIER_GROUPING_GROUP_WAIT", "0s"));

    @Test
    void aPublishedCasCertificateIsRenewedExportedInstalledAndVerifiedWhileTheNotifierCrashes() throws Exception {
        LocalSystem system = LOCAL.system();
        String inventory = system.url("inventory-service");
        given().baseUri(inventory).contentType("application/yaml").body(Files.readAllBytes(resource("lifecycle-estate.yaml")))
                .post("/estate/import").then().statusCode(200);

        // the CAS serves its internal-CA certificate on a real TLS endpoint (IIS); the Hub its install-time self-signed
        // one on SMTP with STARTTLS
        TestCertificates.Issued casOld = TestCertificates.issuedBy(CA, "mail.contoso.com",
                List.of("mail.contoso.com", "autodiscover.contoso.com"), NOW.minus(30, ChronoUnit.DAYS),
                NOW.plus(40, ChronoUnit.DAYS), "http://pki.contoso.test/e2e.crl");
        TestCertificates.Issued hubOld = TestCertificates.selfSigned("HUB01", List.of("HUB01", "hub01.contoso.com"),
                NOW.minus(300, ChronoUnit.DAYS), NOW.plus(65, ChronoUnit.DAYS));
        try (TlsTestServer casEndpoint = TlsTestServer.start(ServiceKind.TlsMode.IMPLICIT, casOld.keyPair().getPrivate(),
                     casOld.certificate(), CA.certificate());
             TlsTestServer hubEndpoint = TlsTestServer.start(ServiceKind.TlsMode.SMTP_STARTTLS, hubOld)) {
            renewDeliverAndVerify(system, casOld, hubOld, casEndpoint, hubEndpoint);
        }
    }

    private void renewDeliverAndVerify(LocalSystem system, TestCertificates.Issued casOld, TestCertificates.Issued hubOld,
                                       TlsTestServer casEndpoint, TlsTestServer hubEndpoint) throws Exception {
        String inventory = system.url("inventory-service");
        String renewal = system.url("renewal-service");
        String notifier = system.url("notifier-service");
        String casOldId = importCertificate(inventory, casOld.pem() + CA.pem());
        bind(inventory, "cas01.contoso.com", "IIS", casOldId, casEndpoint.port());
        String hubOldId = importCertificate(inventory, hubOld.pem());
        bind(inventory, "hub01.contoso.com", "SMTP", hubOldId, hubEndpoint.port());

        // renewBefore 15 days: the CAS certificate is not due yet, but within the 60-day alert threshold
        given().baseUri(inventory).contentType("application/json").body(Map.of("renewBefore", "P15D"))
                .patch("/certificates/" + casOldId).then().statusCode(200);
        given().baseUri(inventory).post("/expiry-sweeps").then().statusCode(200);

        Pattern expiryMail = Pattern.compile("Subject: mail\\.contoso\\.com on CAS01 \\(IIS\\) expires in (39|40) days");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(LocalSystemExtension.files(system.mailFolder()))
                .anySatisfy(mail -> assertThat(mail).containsPattern(expiryMail).contains("To: messaging@contoso.com")));
        String webhookSecret = Files.readString(LOCAL.dataDir().resolve("secrets/webhook-secret")).trim();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(LocalSystemExtension.files(system.webhookFolder()))
                .filteredOn(r -> r.startsWith("POST /hooks/local-webhook") && r.contains("\"type\":\"io.certlife.certificate.expiring.v1\"") && r.contains(casOldId))
                .isNotEmpty().allSatisfy(r -> assertThat(signatureValid(r, webhookSecret)).as("HMAC signature").isTrue()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(renewals(renewal, hubOldId))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("issuer", "SELF_SIGNED").containsEntry("state", "ISSUED")));
        assertThat(renewals(renewal, casOldId)).as("not due yet").isEmpty();

        // the notifier crashes; meanwhile the CAS certificate crosses its renewal time (renewBefore 60 days)
        system.kill("notifier-service");
        given().baseUri(inventory).contentType("application/json").body(Map.of("renewBefore", "P60D"))
                .patch("/certificates/" + casOldId).then().statusCode(200);
        given().baseUri(inventory).post("/expiry-sweeps").then().statusCode(200);

        KafkaTestClient kafka = new KafkaTestClient(system.bootstrapServers());
        List<RenewalDueV1> due = kafka.await(Topics.INVENTORY_EVENTS, r -> casOldId.equals(r.key())
                        && EventCodec.decode(r.value()).data() instanceof RenewalDueV1, 1, Duration.ofSeconds(30)).stream()
                .map(r -> (RenewalDueV1) ((CloudEvent<?>) EventCodec.decode(r.value())).data()).toList();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).exportableKeyRequired()).as("ISA publishes it").isTrue();
        assertThat(due.get(0).requirements().firstName()).as("the published host name first").isEqualTo("mail.contoso.com");

        Map<String, Object> casRenewal = await().atMost(Duration.ofSeconds(60)).until(() -> renewals(renewal, casOldId),
                        list -> list.size() == 1 && "ISSUED".equals(list.get(0).get("state"))).get(0);
        assertThat(casRenewal).containsEntry("issuer", "INTERNAL_CA").containsEntry("exportableKey", true);
        String casNewId = (String) casRenewal.get("newCertificateId");

        system.restart("notifier-service");

        // the ISA-export task: once, LEGACY for ISA 2006 on Windows Server 2003, the PFX link by mail to the assignee, the
        // password to a key custodian other than the notifier that made the export

        Map<String, Object> task = await().atMost(Duration.ofSeconds(90)).until(() -> given().baseUri(notifier)
                        .get("/tasks?server=isa01.contoso.com").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$"),
                tasks -> tasks.size() == 1 && "DELIVERED".equals(tasks.get(0).get("exportState"))).get(0);
        assertThat(task).containsEntry("kind", "ISA_EXPORT").containsEntry("exportProfile", "LEGACY")
                .containsEntry("certificateId", casNewId);
        assertThat((List<String>) task.get("steps")).anySatisfy(step -> assertThat(step).contains("OWA Listener"));
        Delivered isaPfx = delivered(system, (String) task.get("id"), "perimeter@contoso.com");
        X509Certificate installed = (X509Certificate) isaPfx.store().getCertificate(isaPfx.alias());
        assertThat(installed.getSubjectX500Principal().getName()).isEqualTo("CN=mail.contoso.com");
        installed.verify(CA.certificate().getPublicKey());
        opensslReads(isaPfx.pfx(), isaPfx.password());

        // the Hub's task delivers its PFX the same way; installed on the Hub's SMTP endpoint and marked done, it is
        // probed over STARTTLS, seen served, DONE, and the Hub's renewal is VERIFIED
        String hubNewId = (String) renewals(renewal, hubOldId).get(0).get("newCertificateId");
        assertThat(slot(inventory, "hub01.contoso.com", "SMTP")).containsEntry("pendingCertificateId", hubNewId);
        Map<String, Object> hubTask = deliveredTask(notifier, "hub01.contoso.com");
        Delivered hubPfx = delivered(system, (String) hubTask.get("id"), "messaging@contoso.com");
        hubEndpoint.install((java.security.PrivateKey) hubPfx.store().getKey(hubPfx.alias(), hubPfx.password()),
                (X509Certificate) hubPfx.store().getCertificate(hubPfx.alias()));
        move(notifier, (String) hubTask.get("id"), "start", "IN_PROGRESS");
        move(notifier, (String) hubTask.get("id"), "done", "VERIFYING");
        await().atMost(Duration.ofSeconds(60)).until(() -> task(notifier, (String) hubTask.get("id")).get("state"), "DONE"::equals);
        assertThat(slot(inventory, "hub01.contoso.com", "SMTP")).containsEntry("certificateId", hubNewId);
        await().atMost(Duration.ofSeconds(30)).until(() -> renewals(renewal, hubOldId).get(0).get("state"), "VERIFIED"::equals);

        // the CAS's Exchange task is marked done without installing anything: the probe sees the old certificate and
        // the task goes back to IN_PROGRESS saying so; the old certificate's alert stays open
        Map<String, Object> casTask = deliveredTask(notifier, "cas01.contoso.com");
        move(notifier, (String) casTask.get("id"), "start", "IN_PROGRESS");
        move(notifier, (String) casTask.get("id"), "done", "VERIFYING");
        Map<String, Object> reopened = await().atMost(Duration.ofSeconds(60)).until(() -> task(notifier, (String) casTask.get("id")),
                t -> "IN_PROGRESS".equals(t.get("state")));
        assertThat((String) reopened.get("note")).contains("thumbprint " + casOld.thumbprintSha1()).contains("not " + casTask.get("thumbprint"));
        assertThat(expiryAlertStates(notifier, casOldId)).isNotEmpty().containsOnly("OPEN");
        assertThat(renewals(renewal, casOldId).get(0)).containsEntry("state", "ISSUED");
        assertThat(LocalSystemExtension.files(system.mailFolder())).noneSatisfy(m -> assertThat(m).contains("Subject: Resolved: mail.contoso.com"));

        // installed on the CAS (the ISA export's PFX: the same certificate and key); the next discovery run sees it
        // served, and that alone finishes the task
        casEndpoint.install((java.security.PrivateKey) isaPfx.store().getKey(isaPfx.alias(), isaPfx.password()), installed,
                CA.certificate());
        given().baseUri(inventory).contentType("application/json").body(Map.of("slots", true)).post("/discovery").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> task(notifier, (String) casTask.get("id")).get("state"), "DONE"::equals);
        Map<String, Object> casSlot = slot(inventory, "cas01.contoso.com", "IIS");
        assertThat(casSlot).containsEntry("certificateId", casNewId);
        assertThat(casSlot.get("pendingCertificateId")).isNull();
        Map<String, Object> casNew = given().baseUri(inventory).get("/certificates/" + casNewId).then().statusCode(200)
                .extract().jsonPath().getMap("$");
        assertThat(casNew).containsEntry("replacesId", casOldId).containsEntry("issuer", CA.certificate().getSubjectX500Principal().getName())
                .containsEntry("subjectAltNames", List.of("mail.contoso.com", "autodiscover.contoso.com"));
        await().atMost(Duration.ofSeconds(30)).until(() -> renewals(renewal, casOldId).get(0).get("state"), "VERIFIED"::equals);
        assertThat(given().baseUri(renewal).get("/renewals?certificateId=" + casOldId).then().extract().jsonPath()
                .<String>getList("[0].deployment.verifiedAt")).singleElement().isNotNull();

        // nothing lost, nothing twice: every message reached its recipient once, across the crash; the old certificate's
        // alerts resolved once, on verification
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(LocalSystemExtension.files(system.mailFolder()))
                .anySatisfy(mail -> assertThat(mail).contains("Subject: Resolved: mail.contoso.com is replaced where it served")));
        assertThat(expiryAlertStates(notifier, casOldId)).isNotEmpty().containsOnly("RESOLVED");
        Map<String, Long> mails = LocalSystemExtension.files(system.mailFolder()).stream().collect(Collectors.groupingBy(
                m -> header(m, "To") + " | " + header(m, "Subject"), Collectors.counting()));
        assertThat(mails).allSatisfy((message, count) -> assertThat(count).as(message).isEqualTo(1L));
        assertThat(mails.keySet()).filteredOn(k -> expiryMail.matcher("Subject: " + k.substring(k.indexOf("| ") + 2)).find()).hasSize(1);
        given().baseUri(notifier).get("/deliveries?status=FAILED").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));

        // the CAS is restored to the old certificate after all: the next probe raises the mismatch, and an alert is open
        casEndpoint.install(casOld.keyPair().getPrivate(), casOld.certificate(), CA.certificate());
        given().baseUri(inventory).contentType("application/json").body(Map.of("slots", true)).post("/discovery").then().statusCode(200);
        assertThat(given().baseUri(inventory).get("/findings?ruleId=SERVED_CERTIFICATE_MISMATCH&server=cas01.contoso.com").then()
                .statusCode(200).extract().jsonPath().<String>getList("message")).singleElement().asString()
                .contains(casOld.thumbprintSha1());
        await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(notifier).get("/alerts?server=cas01.contoso.com").then()
                .extract().jsonPath().<Map<String, Object>>getList("$").stream().anyMatch(a -> "POLICY_FINDING".equals(a.get("kind"))
                        && "OPEN".equals(a.get("state")) && ((String) a.get("title")).contains("SERVED_CERTIFICATE_MISMATCH")));
    }

    /**
     * Key custody ON_SERVER through the packaged services: the test plays the Hub, making its own key and request with
     * openssl as the SERVER_CSR task says; renewal-service checks the request and the internal CA issues for that key;
     * the Exchange task imports the certificate (from inventory, with its chain) onto the Hub's STARTTLS endpoint, and
     * marked done it is seen served. certlife never held the key: no key row, and an export is refused.
     */
    @Test
    void aKeyTheServerMakesNeverReachesCertlifeAndItsCertificateIsSeenServed() throws Exception {
        LocalSystem system = LOCAL.system();
        String inventory = system.url("inventory-service");
        String renewal = system.url("renewal-service");
        String notifier = system.url("notifier-service");
        given().baseUri(inventory).contentType("application/yaml").body("""
                teams: [{name: transport, email: transport@contoso.com}]
                sites: [{name: Tacoma, timeZone: America/Los_Angeles, owner: transport}]
                servers: [{fqdn: hub02.contoso.com, site: Tacoma, roles: [HUB_TRANSPORT], os: WINDOWS_SERVER_2008, address: 127.0.0.1}]
                """.getBytes(StandardCharsets.UTF_8)).post("/estate/import").then().statusCode(200);
        TestCertificates.Issued old = TestCertificates.issuedBy(CA, "hub02.contoso.com", List.of("hub02.contoso.com"),
                NOW.minus(300, ChronoUnit.DAYS), NOW.plus(50, ChronoUnit.DAYS), null);
        try (TlsTestServer hub = TlsTestServer.start(ServiceKind.TlsMode.SMTP_STARTTLS, old.keyPair().getPrivate(),
                old.certificate(), CA.certificate())) {
            String oldId = importCertificate(inventory, old.pem() + CA.pem());
            given().baseUri(inventory).contentType("application/json").body(Map.of("server", "hub02.contoso.com", "service", "SMTP",
                    "certificateId", oldId, "port", hub.port(), "keyCustody", "ON_SERVER"))
                    .put("/servers/hub02.contoso.com/bindings/SMTP").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
            given().baseUri(inventory).contentType("application/json").body(Map.of("renewBefore", "P60D"))
                    .patch("/certificates/" + oldId).then().statusCode(200);
            given().baseUri(inventory).post("/expiry-sweeps").then().statusCode(200);

            Map<String, Object> plan = await().atMost(Duration.ofSeconds(60)).until(() -> renewals(renewal, oldId),
                    list -> list.size() == 1 && "AWAITING_SERVER_CSR".equals(list.get(0).get("state"))).get(0);
            assertThat(plan).containsEntry("keyCustody", "ON_SERVER").containsEntry("issuer", "INTERNAL_CA");
            String renewalId = (String) plan.get("id");
            Map<String, Object> request = await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(notifier)
                    .get("/tasks?server=hub02.contoso.com").then().extract().jsonPath().<Map<String, Object>>getList("$").stream()
                    .filter(t -> "SERVER_CSR".equals(t.get("kind"))).findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat((List<String>) request.get("steps")).first().asString()
                    .contains("New-ExchangeCertificate -Server HUB02 -GenerateRequest").contains("-DomainName hub02.contoso.com");

            Path server = Files.createTempDirectory("hub02");
            Openssl.run("openssl req plays the Hub making its own key and request", Map.of(), "req", "-new", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", server.resolve("key.pem").toString(), "-subj", "/CN=hub02.contoso.com",
                    "-addext", "subjectAltName=DNS:hub02.contoso.com", "-out", server.resolve("hub02.req").toString());
            given().baseUri(renewal).contentType("application/pkcs10").body(Files.readAllBytes(server.resolve("hub02.req")))
                    .post("/renewals/" + renewalId + "/server-csr").then().statusCode(200)
                    .body("state", org.hamcrest.Matchers.equalTo("ISSUED"));
            String newId = renewals(renewal, oldId).get(0).get("newCertificateId").toString();
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(system.jdbcUrl(), "postgres", "");
                 java.sql.PreparedStatement keys = db.prepareStatement("select count(*) from renewal.private_key where renewal_id = ?")) {
                keys.setObject(1, java.util.UUID.fromString(renewalId));
                try (java.sql.ResultSet count = keys.executeQuery()) {
                    assertThat(count.next()).isTrue();
                    assertThat(count.getInt(1)).as("certlife holds no key for it").isZero();
                }
            }
            given().baseUri(renewal).contentType("application/json").body(Map.of("profile", "MODERN", "taskId", "t-hub02"))
                    .post("/certificates/" + newId + "/exports").then().statusCode(409);

            // the Exchange task: the certificate (inventory, with its chain) imported onto the request the Hub made
            Map<String, Object> enable = await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(notifier)
                    .get("/tasks?server=hub02.contoso.com").then().extract().jsonPath().<Map<String, Object>>getList("$").stream()
                    .filter(t -> "EXCHANGE_ENABLE".equals(t.get("kind"))).findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(enable.get("exportProfile")).isNull();
            assertThat(task(notifier, (String) request.get("id"))).containsEntry("state", "DONE");
            String issued = await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(inventory).accept("application/x-pem-file")
                    .get("/certificates/" + newId).then().extract(), r -> r.statusCode() == 200).asString();
            TestCertificates.Issued installed = TestCertificates.parse(issued, Files.readString(server.resolve("key.pem")));
            hub.install(installed.keyPair().getPrivate(), installed.certificate(), CA.certificate());
            move(notifier, (String) enable.get("id"), "start", "IN_PROGRESS");
            move(notifier, (String) enable.get("id"), "done", "VERIFYING");
            await().atMost(Duration.ofSeconds(60)).until(() -> task(notifier, (String) enable.get("id")).get("state"), "DONE"::equals);
            await().atMost(Duration.ofSeconds(30)).until(() -> renewals(renewal, oldId).get(0).get("state"), "VERIFIED"::equals);
            try (var files = Files.list(server)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(server);
        }
    }

    /** A PFX a task delivered, as its assignee gets it: the link from the mail, the password from a key custodian. */
    private record Delivered(byte[] pfx, char[] password, KeyStore store, String alias) {
    }

    private static Delivered delivered(LocalSystem system, String taskId, String assignee) throws Exception {
        List<String> linkMails = LocalSystemExtension.files(system.mailFolder()).stream()
                .filter(m -> m.contains("Subject: PFX download for: ") && m.contains(taskId)).toList();
        assertThat(linkMails).singleElement().satisfies(m -> assertThat(m).contains("To: " + assignee)
                .doesNotContain("Password of the PFX"));
        Matcher link = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/exports/[A-Za-z0-9_-]+)").matcher(linkMails.get(0));
        assertThat(link.find()).isTrue();
        Matcher exportId = Pattern.compile("certlife exports password ([0-9a-f-]{36})").matcher(linkMails.get(0));
        assertThat(exportId.find()).isTrue();
        char[] password = given().baseUri(system.url("renewal-service")).post("/exports/" + exportId.group(1) + "/password")
                .then().statusCode(200).extract().<String>path("password").toCharArray();
        byte[] pfx = given().get(link.group(1)).then().statusCode(200).contentType("application/x-pkcs12").extract().asByteArray();
        given().get(link.group(1)).then().statusCode(org.hamcrest.Matchers.oneOf(404, 410));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new java.io.ByteArrayInputStream(pfx), password);
        return new Delivered(pfx, password, store, TestCertificates.keyAlias(store));
    }

    /** The server's Exchange task once its PFX link was mailed. */
    private static Map<String, Object> deliveredTask(String notifier, String server) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> given().baseUri(notifier).get("/tasks?server=" + server).then()
                        .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$").stream()
                        .filter(t -> "EXCHANGE_ENABLE".equals(t.get("kind")) && "DELIVERED".equals(t.get("exportState")))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
    }

    private static List<String> expiryAlertStates(String notifier, String certificateId) {
        return given().baseUri(notifier).get("/alerts?certificateId=" + certificateId).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$").stream().filter(a -> "CERTIFICATE_EXPIRING".equals(a.get("kind")))
                .map(a -> (String) a.get("state")).toList();
    }

    private static Map<String, Object> task(String notifier, String id) {
        return given().baseUri(notifier).get("/tasks/" + id).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    private static void move(String notifier, String id, String action, String state) {
        given().baseUri(notifier).contentType("application/json").body(Map.of("note", "by the lifecycle test"))
                .post("/tasks/" + id + "/" + action).then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo(state));
    }

    /**
     * Issue 15's forgeries, through the packaged services: a certificate that merely names the internal CA as its
     * issuer (signed by an impostor key, for a name the CA never issued) is not renewed by the internal CA; and the
     * CSR renewal it gets instead refuses a CA answer signed by a throwaway CA, and a lone certificate whose subject is
     * its issuer, with 422 naming why, while the renewal keeps waiting for a genuine answer.
     */
    @Test
    void aForgedCertificateIsNotReissuedAndForgedCaAnswersAreRefused() throws Exception {
        LocalSystem system = LOCAL.system();
        String inventory = system.url("inventory-service");
        String renewal = system.url("renewal-service");
        given().baseUri(inventory).contentType("application/yaml").body(("sites: [{name: Forgery-Lab, timeZone: UTC}]\n"
                + "servers: [{fqdn: sso01.contoso.com, site: Forgery-Lab, roles: [HUB_TRANSPORT]}]\n").getBytes(StandardCharsets.UTF_8))
                .post("/estate/import").then().statusCode(200);
        given().baseUri(renewal).contentType("application/x-pem-file").body(CA.pem().getBytes(StandardCharsets.US_ASCII))
                .put("/issuers/CSR/trust-anchors").then().statusCode(200);

        TestCertificates.Issued impostor = TestCertificates.certificateAuthority(
                CA.certificate().getSubjectX500Principal().getName().substring(3), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(365, ChronoUnit.DAYS));
        TestCertificates.Issued forged = TestCertificates.issuedBy(impostor, "sso.corp", List.of("sso.corp"), NOW.minus(80, ChronoUnit.DAYS),
                NOW.plus(10, ChronoUnit.DAYS), null);
        assertThat(forged.certificate().getIssuerX500Principal()).as("names the internal CA").isEqualTo(CA.certificate().getSubjectX500Principal());
        String forgedId = importCertificate(inventory, forged.pem());
        bind(inventory, "sso01.contoso.com", "SMTP", forgedId, null);
        given().baseUri(inventory).post("/expiry-sweeps").then().statusCode(200);

        Map<String, Object> planned = await().atMost(Duration.ofSeconds(60)).until(() -> renewals(renewal, forgedId), list -> !list.isEmpty()).get(0);
        assertThat(planned.get("issuer")).as("the internal CA does not take it for its own").isNotEqualTo("INTERNAL_CA").isEqualTo("CSR");
        String renewalId = (String) planned.get("id");
        if ("PENDING_APPROVAL".equals(planned.get("state"))) {
            given().baseUri(renewal).post("/renewals/" + renewalId + "/approve").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> renewals(renewal, forgedId).get(0).get("state"), "AWAITING_CERTIFICATE"::equals);

        String csrPem = given().baseUri(renewal).accept("application/x-pem-file").get("/renewals/" + renewalId + "/csr").then()
                .statusCode(200).extract().asString();
        PublicKey key;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            key = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject()).getPublicKey();
        }
        TestCertificates.Issued throwaway = TestCertificates.certificateAuthority("Throwaway CA", NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(30, ChronoUnit.DAYS));
        X509Certificate answer = TestCertificates.issuedFor(throwaway, key, "CN=sso.corp", List.of("sso.corp"), NOW, NOW.plus(90, ChronoUnit.DAYS), null);
        given().baseUri(renewal).contentType("application/x-pem-file").body((pem(answer) + throwaway.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/renewals/" + renewalId + "/certificate").then().statusCode(422)
                .body("detail", containsString("trusted"));
        TestCertificates.Issued selfNamed = TestCertificates.certificateAuthority("sso.corp", NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS));
        X509Certificate lone = TestCertificates.issuedFor(selfNamed, key, "CN=sso.corp", List.of("sso.corp"), NOW, NOW.plus(90, ChronoUnit.DAYS), null);
        assertThat(lone.getSubjectX500Principal()).as("subject equals issuer").isEqualTo(lone.getIssuerX500Principal());
        given().baseUri(renewal).contentType("application/x-pem-file").body(pem(lone).getBytes(StandardCharsets.US_ASCII))
                .post("/renewals/" + renewalId + "/certificate").then().statusCode(422);

        Map<String, Object> after = renewals(renewal, forgedId).get(0);
        assertThat(after.get("state")).isEqualTo("AWAITING_CERTIFICATE");
        // the id kept for the replacement (its key was made for the CSR) names no certificate: nothing was issued
        given().baseUri(inventory).get("/certificates/" + after.get("newCertificateId")).then().statusCode(404);
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    private static Path resource(String name) throws Exception {
        return Path.of(LifecycleIT.class.getResource("/" + name).toURI());
    }

    private static String importCertificate(String inventory, String pem) {
        return given().baseUri(inventory).contentType("application/x-pem-file").body(pem.getBytes(StandardCharsets.US_ASCII))
                .post("/certificates").then().statusCode(201).extract().path("certificates[0].id");
    }

    private static void bind(String inventory, String server, String service, String certificateId, Integer port) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("server", server, "service", service, "certificateId", certificateId));
        if (port != null) {
            body.put("port", port);
        }
        given().baseUri(inventory).contentType("application/json").body(body).put("/servers/" + server + "/bindings/" + service)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    private static Map<String, Object> slot(String inventory, String server, String service) {
        return given().baseUri(inventory).get("/bindings?server=" + server).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$").stream().filter(s -> service.equals(s.get("service"))).findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> renewals(String renewal, String certificateId) {
        return given().baseUri(renewal).get("/renewals?certificateId=" + certificateId).then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    /** The webhook sink's file: request line, headers, blank line, body. */
    private static boolean signatureValid(String request, String secret) throws Exception {
        String body = request.substring(request.indexOf("\n\n") + 2);
        String timestamp = header(request, "X-certlife-timestamp");
        String signature = header(request, "X-certlife-signature");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return signature.equals("sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static String header(String message, String name) {
        return message.lines().takeWhile(l -> !l.isEmpty()).filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse("");
    }

    /** The real peer: openssl opens the PFX with the password, 3DES without -legacy. */
    private static void opensslReads(byte[] pfx, char[] password) throws Exception {
        Path file = Files.createTempFile("isa-export", ".pfx");
        try {
            Files.write(file, pfx);
            assertThat(Openssl.run("the openssl check of the ISA export", Map.of("PFX_PASSWORD", new String(password)),
                    "pkcs12", "-info", "-noout", "-in", file.toString(), "-passin", "env:PFX_PASSWORD"))
                    .contains("pbeWithSHA1And3-KeyTripleDES-CBC");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The internal CA the test gives renewal-service: its certificate and PKCS#8 key as PEM files under target/. */
    private static LocalSystem.InternalCa internalCaFiles() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "lifecycle-ca"));
            Path certificate = Files.writeString(dir.resolve("ca.crt"), CA.pem());
            Path key = Files.writeString(dir.resolve("ca.key"), CA.keyPem());
            return new LocalSystem.InternalCa(certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
