package io.certlife.renewal.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.access.Roles;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.Keytool;
import io.certlife.testsupport.Openssl;
import io.certlife.testsupport.TestCertificates;
import io.certlife.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Certificates the internal CA issued are renewed by it: leaf with CDP and AIA, and the full chain. One that only
 * names the internal CA as its issuer, signed by another key, is not: it goes to the CSR issuer, and the internal CA
 * mints nothing for its names.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(TestInternalCa.class)
class InternalCaRenewalTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void theInternalCaIssuesTheCloneWithItsChainAndKeepsBeingTheSameCa() throws Exception {
        CertificateIssuedV1 first = renew("hub31.contoso.com");
        CertificateIssuedV1 second = renew("hub32.contoso.com");

        assertThat(first.chainPem()).hasSize(1).isEqualTo(second.chainPem());
        X509Certificate leaf = parse(first.certificatePem());
        X509Certificate ca = parse(first.chainPem().get(0));
        leaf.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(leaf.getExtensionValue("2.5.29.31")).as("CRL distribution points").isNotNull();
        assertThat(leaf.getExtensionValue("1.3.6.1.5.5.7.1.1")).as("authority information access").isNotNull();
        assertThat(first.certificate().selfSigned()).isFalse();
        opensslVerifies(first.chainPem().get(0), first.certificatePem());
    }

    @Test
    void aCertificateThatOnlyNamesTheInternalCaIsNotRenewedByIt() {
        // the attacker's certificate: the internal CA's name as issuer, a name it wants, signed by its own key
        var forger = TestCertificates.certificateAuthority(TestInternalCa.NAME, Instant.now().minus(1, ChronoUnit.DAYS),
                Instant.now().plus(30, ChronoUnit.DAYS));
        var forged = TestCertificates.issuedBy(forger, "sso.corp", List.of("sso.corp"), Instant.now().minus(300, ChronoUnit.DAYS),
                Instant.now().plus(65, ChronoUnit.DAYS), null);
        assertThat(forged.certificate().getIssuerX500Principal()).isEqualTo(TestInternalCa.ca().certificate().getSubjectX500Principal());
        String oldId = send("sso.corp", forged.pem(), "CN=" + TestInternalCa.NAME);
        Map<String, Object> renewal = await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("certificateId", oldId)
                .get("/renewals").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$"), l -> !l.isEmpty()).get(0);
        assertThat(renewal).containsEntry("issuer", "CSR").containsEntry("state", "AWAITING_CERTIFICATE");

        // without the certificate itself, the summary's claim is not enough either
        String claimOnly = send("sso.corp", null, "CN=" + TestInternalCa.NAME);
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("certificateId", claimOnly)
                .get("/renewals").then().extract().jsonPath().<Map<String, Object>>getList("$"), l -> !l.isEmpty()).get(0))
                .containsEntry("issuer", "CSR");
    }

    /** The internal CA may issue for contoso.com names only (the test configuration): anything else is blocked. */
    @Test
    void aNameOutsideTheInternalCasAllowedNamesBlocksIssuance() {
        var genuine = TestCertificates.issuedBy(TestInternalCa.ca(), "intranet.fabrikam.com", List.of("intranet.fabrikam.com"),
                Instant.now().minus(300, ChronoUnit.DAYS), Instant.now().plus(65, ChronoUnit.DAYS), null);
        String oldId = send("intranet.fabrikam.com", genuine.pem(), genuine.certificate().getIssuerX500Principal().getName());
        Map<String, Object> renewal = await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("certificateId", oldId)
                .get("/renewals").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$"), l -> !l.isEmpty()).get(0);
        assertThat(renewal).containsEntry("issuer", "INTERNAL_CA").containsEntry("state", "PENDING_APPROVAL");
        assertThat(given().get("/renewals/" + renewal.get("id")).then().extract().jsonPath().<String>getList("drift.code"))
                .contains("NameNotAllowed");
        given().post("/renewals/" + renewal.get("id") + "/approve").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("may not issue for intranet.fabrikam.com"));
    }

    /**
     * The PFX of an internal-CA certificate carries its chain (the server and the reverse proxy need the CA certificate),
     * as the JDK, {@code openssl pkcs12} and {@code keytool} read it.
     */
    @Test
    void itsPfxCarriesTheChain() throws Exception {
        String host = "cas33.contoso.com";
        var genuine = TestCertificates.issuedBy(TestInternalCa.ca(), host, List.of(host), Instant.now().minus(300, ChronoUnit.DAYS),
                Instant.now().plus(65, ChronoUnit.DAYS), null);
        String oldId = send(host, genuine.pem(), genuine.certificate().getIssuerX500Principal().getName(), true);
        String newId = kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data() instanceof CertificateIssuedV1 i
                        && i.replacesCertificateId().equals(oldId), 1, Duration.ofSeconds(20)).stream()
                .map(r -> ((CertificateIssuedV1) EventCodec.decode(r.value()).data()).certificate().certificateId())
                .findFirst().orElseThrow();
        Map<String, Object> created = TestTokens.as(TestTokens.NOTIFIER).contentType("application/json")
                .body(Map.of("profile", "MODERN", "taskId", "task-" + UUID.randomUUID()))
                .post("/certificates/" + newId + "/exports").then().statusCode(201).extract().jsonPath().getMap("$");
        byte[] pfx = given().get("/exports/" + created.get("token")).then().statusCode(200)
                .extract().asByteArray();
        char[] password = TestTokens.as(Roles.KEY_CUSTODIAN).post("/exports/" + created.get("exportId") + "/password").then()
                .statusCode(200).extract().<String>path("password").toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(pfx), password);
        String alias = TestCertificates.keyAlias(store);
        Certificate[] chain = store.getCertificateChain(alias);
        assertThat(chain).hasSize(2);
        assertThat(chain[1]).as("the internal CA's certificate").isEqualTo(TestInternalCa.ca().certificate());

        // the peers a server's operator uses read the same chain
        Path file = Files.createTempFile("chain", ".pfx");
        try {
            Files.write(file, pfx);
            Map<String, String> secret = Map.of("PFX_PASSWORD", new String(password));
            String certificates = Openssl.run("the openssl check of the PFX chain", secret, "pkcs12", "-in", file.toString(), "-nokeys",
                    "-passin", "env:PFX_PASSWORD");
            assertThat(certificates.split("-----BEGIN CERTIFICATE-----", -1)).as("certificates openssl finds").hasSize(3);
            assertThat(Keytool.list(file, new String(password))).contains("Certificate chain length: 2");
        } finally {
            Files.delete(file);
        }
    }

    private CertificateIssuedV1 renew(String host) {
        var genuine = TestCertificates.issuedBy(TestInternalCa.ca(), host, List.of(host), Instant.now().minus(300, ChronoUnit.DAYS),
                Instant.now().plus(65, ChronoUnit.DAYS), null);
        String oldId = send(host, genuine.pem(), genuine.certificate().getIssuerX500Principal().getName());
        return kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data() instanceof CertificateIssuedV1 i
                        && i.replacesCertificateId().equals(oldId), 1, Duration.ofSeconds(20)).stream()
                .map(r -> (CertificateIssuedV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
    }

    /** Sends the RenewalDue inventory would send for a certificate of {@code host}; returns its id. */
    private String send(String host, String pem, String issuer) {
        return send(host, pem, issuer, false);
    }

    private String send(String host, String pem, String issuer, boolean exportable) {
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "9".repeat(40), "8".repeat(64), "CN=" + host, issuer, "0B", List.of(host),
                        now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", false),
                2, now.minus(1, ChronoUnit.DAYS), List.of(new SlotRef(host, ServiceKind.SMTP)), exportable, RenewalRequirements.NONE,
                null, pem), Clock.systemUTC()));
        return oldId;
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void opensslVerifies(String caPem, String leafPem) throws Exception {
        Path ca = Files.createTempFile("ca", ".pem");
        Path leaf = Files.createTempFile("leaf", ".pem");
        Files.writeString(ca, caPem);
        Files.writeString(leaf, leafPem);
        try {
            assertThat(Openssl.run("the openssl chain check", Map.of(), "verify", "-CAfile", ca.toString(), leaf.toString()))
                    .contains(": OK");
        } finally {
            Files.delete(ca);
            Files.delete(leaf);
        }
    }
}
