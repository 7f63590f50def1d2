package io.certlife.renewal.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.certlife.access.Roles;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.PfxExportRecordedV1;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.LogCapture;
import io.certlife.testsupport.Openssl;
import io.certlife.testsupport.TestCertificates;
import io.certlife.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PFX exports in both profiles, checked by openssl, the JDK and Bouncy Castle; one download per token. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class PfxExportTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "LEGACY, pbeWithSHA1And3-KeyTripleDES-CBC, MAC: sha1",
            "MODERN, PBES2, MAC: sha256"})
    void anExportOpensOnceInOpensslTheJdkAndBouncyCastle(String profile, String keyEncryption, String mac) throws Exception {
        String certificateId = issue("cas0" + profile.length() + ".contoso.com", true);

        String taskId = "task-" + UUID.randomUUID();
        LogCapture logs = LogCapture.start();
        // the notifier makes the export for a task: it gets the download token, never the password
        Map<String, Object> created = TestTokens.as(TestTokens.NOTIFIER).contentType("application/json")
                .body(Map.of("profile", profile, "taskId", taskId))
                .post("/certificates/" + certificateId + "/exports").then().statusCode(201).extract().jsonPath().getMap("$");
        String token = (String) created.get("token");
        String exportId = (String) created.get("exportId");
        assertThat(created).containsEntry("password", null).containsEntry("taskId", taskId);
        TestTokens.as(TestTokens.NOTIFIER).post("/exports/" + exportId + "/password").then().statusCode(403)
                .body("detail", containsString("another key custodian"));

        byte[] pfx = given().get("/exports/" + token).then().statusCode(200).contentType("application/x-pkcs12")
                .extract().asByteArray();
        given().get("/exports/" + token).then().statusCode(404).body("detail", containsString("already used"));

        // a key custodian, another party, gets the password, once
        String revealed = TestTokens.as(Roles.KEY_CUSTODIAN).post("/exports/" + exportId + "/password").then().statusCode(200)
                .extract().path("password");
        char[] password = revealed.toCharArray();
        assertThat(password).hasSize(24);
        TestTokens.as(Roles.KEY_CUSTODIAN).post("/exports/" + exportId + "/password").then().statusCode(409)
                .body("detail", containsString("revealed already, to " + Roles.KEY_CUSTODIAN));

        List<PfxExportRecordedV1> recorded = kafka.await(Topics.RENEWAL_EVENTS, r -> r.value().contains(exportId), 3,
                Duration.ofSeconds(20)).stream().map(r -> {
                    assertThat(r.value()).doesNotContain(token).doesNotContain(revealed);
                    return (PfxExportRecordedV1) EventCodec.decode(r.value()).data();
                }).toList();
        assertThat(recorded).extracting(e -> e.action() + " " + e.by()).containsExactly(
                "CREATED " + TestTokens.NOTIFIER, "DOWNLOADED the link's holder", "PASSWORD_REVEALED " + Roles.KEY_CUSTODIAN);
        String audit = TestTokens.as(Roles.ADMIN).get("/audit?limit=1000").then().statusCode(200).extract().asString();
        assertThat(audit).contains("/exports/" + exportId + "/password").doesNotContain(revealed);
        logs.close();
        assertThat(logs.text()).doesNotContain(token).doesNotContain(revealed);

        for (KeyStore store : List.of(KeyStore.getInstance("PKCS12"), KeyStore.getInstance("PKCS12", new BouncyCastleProvider()))) {
            store.load(new ByteArrayInputStream(pfx), password);
            String alias = TestCertificates.keyAlias(store);
            PrivateKey key = (PrivateKey) store.getKey(alias, password);
            X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
            assertThat(certificate.getSubjectX500Principal().getName()).startsWith("CN=cas0");
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update("key matches certificate".getBytes());
            byte[] signature = signer.sign();
            signer.initVerify(certificate.getPublicKey());
            signer.update("key matches certificate".getBytes());
            assertThat(signer.verify(signature)).as("the exported key belongs to the certificate").isTrue();
        }
        opensslReads(pfx, new String(password), keyEncryption, mac);
    }

    @Test
    void withoutATaskNobodyTakesBothUnlessPolicyAllowsItAndTheNotifierNever() {
        String certificateId = issue("cas55.contoso.com", true);
        given().contentType("application/json").body(Map.of("profile", "MODERN"))
                .post("/certificates/" + certificateId + "/exports").then().statusCode(403)
                .body("detail", containsString("certlife.export.creator-takes-both"));
        TestTokens.as(TestTokens.NOTIFIER).contentType("application/json").body(Map.of("profile", "MODERN"))
                .post("/certificates/" + certificateId + "/exports").then().statusCode(403)
                .body("detail", containsString("operator tasks only"));
        TestTokens.as(Roles.OPERATOR).contentType("application/json").body(Map.of("profile", "MODERN", "taskId", "t-1"))
                .post("/certificates/" + certificateId + "/exports").then().statusCode(403);
    }

    /**
     * Whether Windows may export the key again after import (the plan's exportableKey) is not whether certlife may
     * deliver the key it made to the server's task: a Hub's renewal is delivered like any other.
     */
    @Test
    void aKeyPlannedNonExportableIsStillDeliveredForItsTask() {
        String hub = issue("hub76.contoso.com", false);
        given().contentType("application/json").body(Map.of("profile", "MODERN", "taskId", "t-76"))
                .post("/certificates/" + hub + "/exports").then().statusCode(201)
                .body("token", org.hamcrest.Matchers.notNullValue()).body("password", org.hamcrest.Matchers.nullValue());
    }

    @Inject
    ExportService exports;

    @Inject
    EntityManager entityManager;

    /** An expired export keeps no copy of the key: PFX and sealed password erased at once, the row deleted later. */
    @Test
    void anExpiredExportKeepsNoCopyOfTheKeyAndIsDeletedAfterItsRetention() {
        String certificateId = issue("cas79.contoso.com", true);
        String exportId = given().contentType("application/json").body(Map.of("profile", "MODERN", "taskId", "t-79"))
                .post("/certificates/" + certificateId + "/exports").then().statusCode(201).extract().path("exportId");
        assertThat(stored(exportId)).containsExactly(true, true);
        Instant expired = Instant.now().plus(Duration.ofDays(2));
        assertThat(exports.purge(Instant.now())[0]).as("nothing has expired yet").isZero();
        assertThat(stored(exportId)).containsExactly(true, true);
        assertThat(exports.purge(expired)[0]).isGreaterThanOrEqualTo(1);
        assertThat(stored(exportId)).as("PFX and sealed password erased").containsExactly(false, false);
        exports.purge(expired.plus(Duration.ofDays(31)));
        assertThat(stored(exportId)).as("the row is gone after certlife.export.retention").isEmpty();
    }

    /** Whether the export's row still holds a PFX and a sealed password; empty when the row is gone. */
    private List<Boolean> stored(String exportId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "select pfx is not null, password is not null from {h-schema}pfx_export where export_id = ?1")
                .setParameter(1, UUID.fromString(exportId)).getResultList());
        return rows.isEmpty() ? List.of() : List.of((Boolean) rows.get(0)[0], (Boolean) rows.get(0)[1]);
    }

    @Test
    void refusals() {
        String notExportable = issue("hub77.contoso.com", false);
        given().contentType("application/json").body(Map.of("profile", "LEGACY", "taskId", "t-1"))
                .post("/certificates/" + UUID.randomUUID() + "/exports").then().statusCode(404);
        given().contentType("application/json").body(Map.of("profile", "ANCIENT", "taskId", "t-1"))
                .post("/certificates/" + notExportable + "/exports").then().statusCode(400)
                .body("detail", containsString("'ANCIENT' is not a valid profile (one of [LEGACY, MODERN])"));
        given().contentType("application/json").body(Map.of())
                .post("/certificates/" + notExportable + "/exports").then().statusCode(400)
                .body("detail", containsString("LEGACY or MODERN"));
        given().get("/exports/not-a-token").then().statusCode(404);

        // a CSR renewal has its key before the CA answered: nothing to export yet
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "C".repeat(40), "D".repeat(64), "CN=mail78.contoso.com", "CN=Public CA", "0E",
                        List.of("mail78.contoso.com"), now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS), "RSA", 2048,
                        "SHA256withRSA", false),
                2, now.minus(1, ChronoUnit.DAYS), List.of(new SlotRef("cas78.contoso.com", ServiceKind.IIS)), true, RenewalRequirements.NONE),
                Clock.systemUTC()));
        String pending = await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("certificateId", oldId)
                .get("/renewals").then().statusCode(200).extract().jsonPath().getString("[0].newCertificateId"), Objects::nonNull);
        given().contentType("application/json").body(Map.of("profile", "LEGACY", "taskId", "t-1"))
                .post("/certificates/" + pending + "/exports").then().statusCode(409)
                .body("detail", containsString("is not issued yet: its CSR waits for the CA's answer"));
    }

    /** Sends a RenewalDue for a self-signed certificate and returns the id of the certificate renewal issued. */
    private String issue(String cn, boolean exportable) {
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "E".repeat(40), "F".repeat(64), "CN=" + cn, "CN=" + cn, "0F", List.of(cn),
                        now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", true),
                2, now.minus(1, ChronoUnit.DAYS), List.of(new SlotRef(cn, ServiceKind.IIS)), exportable, RenewalRequirements.NONE), Clock.systemUTC()));
        return kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data() instanceof CertificateIssuedV1 i
                        && i.replacesCertificateId().equals(oldId), 1, Duration.ofSeconds(20)).stream()
                .map(r -> ((CertificateIssuedV1) EventCodec.decode(r.value()).data()).certificate().certificateId())
                .findFirst().orElseThrow();
    }

    /** openssl 3 opens both profiles without -legacy and names their algorithms. */
    private static void opensslReads(byte[] pfx, String password, String keyEncryption, String mac) throws Exception {
        Path file = Files.createTempFile("export", ".pfx");
        Files.write(file, pfx);
        try {
            assertThat(Openssl.run("the openssl check of the PFX", Map.of("PFX_PASSWORD", password), "pkcs12", "-info", "-in",
                    file.toString(), "-noout", "-passin", "env:PFX_PASSWORD")).contains(keyEncryption, mac);
        } finally {
            Files.delete(file);
        }
    }
}
