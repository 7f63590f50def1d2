package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.DeploymentOverdueV1;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.events.EventCodec;
import io.certlife.events.EventData;
import io.certlife.events.EventType;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.inventory.policy.PlanningRules;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.certlife.testsupport.TlsTestServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Deployed means seen served: a replacement is verified only when discovery sees the slot serve it (here over SMTP
 * STARTTLS); until then the old certificate stays watched, and a server that reverts to it is caught.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class DeploymentTest {

    private static final SlotRef SMTP = new SlotRef("hub41.deploy.test", ServiceKind.SMTP);

    @Inject
    ExpirySweep sweep;

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void aReplacementIsVerifiedWhenSeenServedAndTheOldOneIsWatchedUntilThen() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        given().contentType("application/yaml").body("""
                sites: [{name: Deploy-Lab, timeZone: UTC}]
                servers: [{fqdn: hub41.deploy.test, site: Deploy-Lab, roles: [HUB_TRANSPORT], address: 127.0.0.1}]
                """.getBytes()).post("/estate/import").then().statusCode(200);
        var old = TestCertificates.selfSigned("hub41", List.of("hub41", "hub41.deploy.test"),
                now.minus(300, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS));
        var renewed = TestCertificates.selfSigned("hub41", List.of("hub41", "hub41.deploy.test"),
                now.minus(1, ChronoUnit.MINUTES), now.plus(365, ChronoUnit.DAYS));
        try (TlsTestServer server = TlsTestServer.start(ServiceKind.TlsMode.SMTP_STARTTLS, old)) {
            String oldId = given().contentType("application/x-pem-file").body(old.pem().getBytes())
                    .post("/certificates").then().statusCode(201).extract().path("certificates[0].id");
            given().contentType("application/json").body(Map.of("server", SMTP.server(), "service", "SMTP",
                    "certificateId", oldId, "port", server.port())).put("/servers/hub41.deploy.test/bindings/SMTP")
                    .then().statusCode(201);
            String newId = UUID.randomUUID().toString();
            kafka.sendEvent(CloudEvent.create("/certlife/renewal", UUID.randomUUID().toString(), new CertificateIssuedV1(
                    UUID.randomUUID().toString(), oldId, new CertificateSummary(newId, "0".repeat(40), null, "CN=hub41",
                    "CN=hub41", "01", List.of("hub41", "hub41.deploy.test"), now, now.plus(365, ChronoUnit.DAYS), "RSA",
                    2048, "SHA256withRSA", true), renewed.pem(), List.of(), List.of(SMTP), false), Clock.systemUTC()));
            await().atMost(Duration.ofSeconds(30)).until(() -> newId.equals(binding().get("pendingCertificateId")));

            // issued, not installed: the old certificate still serves and is still watched
            sweep.sweep(now);
            assertThat(probe(newId)).containsEntry("matchesIntended", true).containsEntry("thumbprintSha1", old.thumbprintSha1());
            assertThat(binding()).containsEntry("certificateId", oldId).containsEntry("pendingCertificateId", newId);
            CertificateExpiringV1 expiring = (CertificateExpiringV1) only(oldId, CertificateExpiringV1.class, 1).get(0);
            assertThat(expiring.thresholdDays()).isEqualTo(30);
            assertThat(expiring.slots()).containsExactly(SMTP);

            // a week on, still not seen: DeploymentOverdue once, and the old certificate's next threshold still fires
            sweep.sweep(now.plus(8, ChronoUnit.DAYS));
            sweep.sweep(now.plus(8, ChronoUnit.DAYS));
            DeploymentOverdueV1 overdue = (DeploymentOverdueV1) only(newId, DeploymentOverdueV1.class, 1).get(0);
            assertThat(overdue.replacesCertificateId()).isEqualTo(oldId);
            assertThat(overdue.pending()).containsExactly(SMTP);
            assertThat(only(oldId, CertificateExpiringV1.class, 2)).extracting(e -> ((CertificateExpiringV1) e).thresholdDays())
                    .containsExactly(30, 14);

            // installed: the probe sees it over STARTTLS and the deployment is verified
            server.install(renewed);
            assertThat(probe(newId)).containsEntry("matchesIntended", true).containsEntry("thumbprintSha1", renewed.thumbprintSha1());
            assertThat(binding()).containsEntry("certificateId", newId);
            assertThat(binding().get("pendingCertificateId")).isNull();
            DeploymentVerifiedV1 verified = (DeploymentVerifiedV1) only(newId, DeploymentVerifiedV1.class, 1).get(0);
            assertThat(verified.replacesCertificateId()).isEqualTo(oldId);
            assertThat(verified.slot()).isEqualTo(SMTP);
            assertThat(verified.pending()).as("no slot left to deploy").isEmpty();
            sweep.sweep(now.plus(14, ChronoUnit.DAYS));
            assertThat(only(oldId, CertificateExpiringV1.class, 3)).as("retired from its slot: no 7-day notice")
                    .hasSize(2);

            // the server reverts to the old certificate: a mismatch finding, and the old one is watched again
            server.install(old);
            assertThat(probe(newId)).containsEntry("matchesIntended", false);
            given().get("/findings?ruleId=" + PlanningRules.SERVED_CERTIFICATE_MISMATCH + "&server=hub41.deploy.test")
                    .then().statusCode(200).body("size()", Matchers.is(1))
                    .body("[0].message", Matchers.containsString(old.thumbprintSha1()));
            sweep.sweep(now.plus(15, ChronoUnit.DAYS));
            assertThat(only(oldId, CertificateExpiringV1.class, 3)).extracting(e -> ((CertificateExpiringV1) e).thresholdDays())
                    .containsExactly(30, 14, 7);
        }
    }

    @Test
    void aProbeForSomethingThatIsNotACertificateIdIsRefused() {
        given().contentType("application/json").body(Map.of("certificate", "not-an-id")).post("/discovery")
                .then().statusCode(400).body("detail", Matchers.containsString("not-an-id"));
    }

    private static Map<String, Object> probe(String certificateId) {
        List<Map<String, Object>> endpoints = given().contentType("application/json").body(Map.of("certificate", certificateId))
                .post("/discovery").then().statusCode(200).extract().jsonPath().getList("endpoints");
        assertThat(endpoints).hasSize(1);
        return endpoints.get(0);
    }

    private static Map<String, Object> binding() {
        return given().get("/bindings?server=hub41.deploy.test").then().statusCode(200).extract().jsonPath().getMap("[0]");
    }

    /** The events of one type about one certificate, once at least {@code atLeast} of them are there. */
    private List<EventData> only(String certificateId, Class<? extends EventData> type, int atLeast) {
        String typeName = Arrays.stream(EventType.values()).filter(t -> t.dataClass() == type).findFirst().orElseThrow().type();
        return kafka.await(Topics.INVENTORY_EVENTS, r -> certificateId.equals(r.key()) && r.value().contains(typeName),
                        atLeast, Duration.ofSeconds(10))
                .stream().<EventData>map(r -> EventCodec.decode(r.value()).data()).filter(type::isInstance).toList();
    }
}
