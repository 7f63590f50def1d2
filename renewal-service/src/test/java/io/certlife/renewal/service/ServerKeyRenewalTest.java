package io.certlife.renewal.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.KeyCustody;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServerCsrRequestedV1;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.Openssl;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Key custody ON_SERVER: the renewal waits for the server's CSR (openssl plays the server, making its own key), checks
 * it against the plan, and issues for that key; certlife never holds it, so there is nothing to export.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(TestInternalCa.class)
class ServerKeyRenewalTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    EntityManager entityManager;

    @Test
    void theInternalCaIssuesForTheKeyTheServerMadeAfterCheckingItsCsrAgainstThePlan() throws Exception {
        String host = "hub71.contoso.com";
        var old = TestCertificates.issuedBy(TestInternalCa.ca(), host, List.of("smtp71.contoso.com", host), Instant.now().minus(300, ChronoUnit.DAYS),
                Instant.now().plus(65, ChronoUnit.DAYS), null);
        String oldId = due(host, List.of("smtp71.contoso.com", host), old.pem(), old.certificate().getIssuerX500Principal().getName(), false);
        ServerCsrRequestedV1 requested = requested(oldId);
        assertThat(requested.subject()).isEqualTo("CN=" + host);
        assertThat(requested.subjectAltNames()).containsExactly("smtp71.contoso.com", host);
        assertThat(requested.slots()).containsExactly(new SlotRef(host, ServiceKind.SMTP));
        String renewalId = requested.renewalId();
        given().get("/renewals/" + renewalId).then().statusCode(200).body("state", equalTo("AWAITING_SERVER_CSR"))
                .body("keyCustody", equalTo("ON_SERVER")).body("issuer", equalTo("INTERNAL_CA"))
                .body("conditions[0].reason", equalTo("AwaitingServerCsr"));

        try (ServerKey server = ServerKey.make("CN=" + host, "DNS:" + host + ",DNS:smtp71.contoso.com")) {
            given().contentType("application/pkcs10").body(server.csr().getBytes()).post("/renewals/" + renewalId + "/server-csr").then()
                    .statusCode(422).body("detail", containsString("the plan smtp71.contoso.com, " + host + ", in this order"));
        }
        given().contentType("application/pkcs10").body("not a request".getBytes()).post("/renewals/" + renewalId + "/server-csr").then()
                .statusCode(422).body("detail", containsString("not a certificate request: send the PEM"));
        try (ServerKey server = ServerKey.make("CN=" + host, "DNS:smtp71.contoso.com,DNS:" + host)) {
            given().contentType("application/pkcs10").body(server.csr().getBytes()).post("/renewals/" + renewalId + "/server-csr").then()
                    .statusCode(200).body("state", equalTo("ISSUED"));
            CertificateIssuedV1 issued = kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data()
                            instanceof CertificateIssuedV1 i && i.replacesCertificateId().equals(oldId), 1, Duration.ofSeconds(20))
                    .stream().map(r -> (CertificateIssuedV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
            assertThat(issued.keyCustody()).isEqualTo(KeyCustody.ON_SERVER);
            var installed = TestCertificates.parse(issued.certificatePem(), server.keyPem());
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(installed.keyPair().getPrivate());
            signer.update("the server's key".getBytes());
            byte[] signature = signer.sign();
            signer.initVerify(installed.certificate().getPublicKey());
            signer.update("the server's key".getBytes());
            assertThat(signer.verify(signature)).as("the certificate certifies the key the server made").isTrue();
            installed.certificate().verify(TestInternalCa.ca().certificate().getPublicKey());
            assertThat(((Number) entityManager.createNativeQuery("select count(*) from {h-schema}private_key where renewal_id = ?1")
                    .setParameter(1, UUID.fromString(renewalId)).getSingleResult()).intValue()).as("no key row").isZero();
            given().contentType("application/json").body(Map.of("profile", "MODERN", "taskId", "t-71"))
                    .post("/certificates/" + issued.certificate().certificateId() + "/exports").then().statusCode(409)
                    .body("detail", containsString("was made on its server and never left it"));
            given().contentType("application/pkcs10").body(server.csr().getBytes()).post("/renewals/" + renewalId + "/server-csr").then()
                    .statusCode(409).body("detail", containsString("not waiting for a server's CSR"));
        }
    }

    @Test
    void aSelfSignedCertificateWhoseServerMakesTheKeyGoesToTheCaThroughTheServersCsr() throws Exception {
        String host = "hub72.contoso.com";
        String oldId = due(host, List.of(host), null, "CN=" + host, true);
        String renewalId = requested(oldId).renewalId();
        given().get("/renewals/" + renewalId).then().body("issuer", equalTo("CSR"));
        try (ServerKey server = ServerKey.make("CN=" + host, "DNS:" + host)) {
            given().contentType("application/pkcs10").body(server.csr().getBytes()).post("/renewals/" + renewalId + "/server-csr").then()
                    .statusCode(200).body("state", equalTo("AWAITING_CERTIFICATE"));
            String forTheCa = given().get("/renewals/" + renewalId + "/csr").then().statusCode(200).extract().asString();
            assertThat(forTheCa.strip()).as("the server's own request goes to the CA").isEqualTo(server.csr().strip());
        }
    }

    private String due(String host, List<String> names, String pem, String issuer, boolean selfSigned) {
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "7".repeat(40), "6".repeat(64), "CN=" + host, issuer, "0C", names,
                        now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", selfSigned),
                2, now.minus(1, ChronoUnit.DAYS), List.of(new SlotRef(host, ServiceKind.SMTP)), false,
                new RenewalRequirements(List.of(), null, false, null, KeyCustody.ON_SERVER), null, pem), Clock.systemUTC()));
        return oldId;
    }

    private ServerCsrRequestedV1 requested(String oldId) {
        return kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data() instanceof ServerCsrRequestedV1 s
                        && s.certificateId().equals(oldId), 1, Duration.ofSeconds(20)).stream()
                .map(r -> (ServerCsrRequestedV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
    }

    /** The server's side, played by openssl: a key that never leaves its folder, and the CSR for it. */
    private record ServerKey(Path dir, String csr) implements AutoCloseable {
        static ServerKey make(String subject, String subjectAltNames) throws Exception {
            Path dir = Files.createTempDirectory("server-key");
            Openssl.run("openssl req plays the server making its own key and CSR", Map.of(), "req", "-new", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-subj", "/" + subject.replace(",", "/"),
                    "-addext", "subjectAltName=" + subjectAltNames, "-out", dir.resolve("csr.pem").toString());
            return new ServerKey(dir, Files.readString(dir.resolve("csr.pem")));
        }

        String keyPem() throws Exception {
            return Files.readString(dir.resolve("key.pem"));
        }

        @Override
        public void close() throws Exception {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }
}
