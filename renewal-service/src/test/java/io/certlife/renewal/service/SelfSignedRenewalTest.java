package io.certlife.renewal.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.renewal.keys.PrivateKeyRecord;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.Openssl;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** A due self-signed certificate is cloned with a new key, once, and the key is sealed at rest. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class SelfSignedRenewalTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void aDueSelfSignedCertificateIsClonedOnceWithANewSealedKey() throws Exception {
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        CloudEvent<RenewalDueV1> due = CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "C".repeat(40), "D".repeat(64), "CN=hub09", "CN=hub09", "0F",
                        List.of("hub09", "hub09.contoso.com"), now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS),
                        "RSA", 2048, "SHA1withRSA", true),
                2, now.minus(1, ChronoUnit.DAYS), List.of(new SlotRef("hub09.contoso.com", ServiceKind.SMTP)), false, RenewalRequirements.NONE), Clock.systemUTC());
        kafka.sendEvent(due);
        kafka.sendEvent(due);

        List<CertificateIssuedV1> issued = kafka.await(Topics.RENEWAL_EVENTS,
                        r -> EventCodec.decode(r.value()).data() instanceof CertificateIssuedV1 i
                                && i.replacesCertificateId().equals(oldId), 2, Duration.ofSeconds(20)).stream()
                .map(r -> (CertificateIssuedV1) EventCodec.decode(r.value()).data()).toList();
        assertThat(issued).hasSize(1);
        CertificateIssuedV1 event = issued.get(0);
        assertThat(event.certificatePem()).doesNotContain("PRIVATE KEY");

        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(event.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=hub09");
        assertThat(certificate.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly("hub09", "hub09.contoso.com");
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSerialNumber()).isGreaterThan(BigInteger.ZERO);
        assertThat(certificate.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(64);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getExtensionValue("2.5.29.14")).as("SKI").isNotNull();
        assertThat(certificate.getExtensionValue("2.5.29.35")).as("AKI").isNotNull();
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()).toDays())
                .isBetween(365L, 366L);
        assertThat(event.certificate().thumbprintSha1()).hasSize(40);
        certificate.verify(certificate.getPublicKey());

        List<PrivateKeyRecord> keys = QuarkusTransaction.requiringNew().call(() -> PrivateKeyRecord.<PrivateKeyRecord>listAll()
                .stream().filter(k -> k.certificateId.toString().equals(event.certificate().certificateId())).toList());
        assertThat(keys).as("one sealed key for the one renewal").hasSize(1);
        assertThat(keys.get(0).kekId).isEqualTo("kek-1");

        opensslAgrees(event.certificatePem());

        // the renewals-by-state gauge the Grafana dashboard reads sees the issued renewal
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("certlife_renewals\\{state=\"ISSUED\"[^}]*\\} [1-9]")
                .containsPattern("certlife_renewals\\{state=\"FAILED\"[^}]*\\} "));
    }

    /** The real peer: openssl reads the certificate and sees the extensions. */
    private static void opensslAgrees(String pem) throws Exception {
        Path file = Files.createTempFile("issued", ".pem");
        Files.writeString(file, pem);
        assertThat(Openssl.run("the openssl check of the issued certificate", Map.of(), "x509", "-in", file.toString(),
                "-noout", "-text")).contains("TLS Web Server Authentication", "TLS Web Client Authentication",
                "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier", "CA:FALSE", "DNS:hub09, DNS:hub09.contoso.com");
        Files.delete(file);
    }
}
