package io.certlife.renewal.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.DeploymentOverdueV1;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A renewal goes on past issuance: ISSUED, DEPLOY_OVERDUE, VERIFIED, as inventory reports its slots seen served. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class DeploymentTrackingTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    MeterRegistry meters;

    @Test
    void aRenewalIsVerifiedSlotBySlotAndOverdueUntilThen() {
        SlotRef smtp = new SlotRef("hub61.contoso.com", ServiceKind.SMTP);
        SlotRef iis = new SlotRef("hub61.contoso.com", ServiceKind.IIS);
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "A".repeat(40), "B".repeat(64), "CN=hub61", "CN=hub61", "61", List.of("hub61.contoso.com"),
                        now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", true),
                2, now.minus(1, ChronoUnit.DAYS), List.of(smtp, iis), false, RenewalRequirements.NONE), Clock.systemUTC()));
        String newId = kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data() instanceof CertificateIssuedV1 i
                        && i.replacesCertificateId().equals(oldId), 1, Duration.ofSeconds(20)).stream()
                .map(r -> ((CertificateIssuedV1) EventCodec.decode(r.value()).data()).certificate().certificateId())
                .findFirst().orElseThrow();
        JsonPath issued = renewal(oldId);
        assertThat(issued.getString("state")).isEqualTo("ISSUED");
        assertThat(issued.getList("deployment.verifiedAt")).containsExactly(null, null);
        assertThat(issued.getString("conditions.find { it.type == 'Deployed' }.reason")).isEqualTo("Deploying");
        assertThat(issued.getString("conditions.find { it.type == 'Deployed' }.message"))
                .isEqualTo("not yet seen served on hub61.contoso.com SMTP, hub61.contoso.com IIS");

        kafka.sendEvent(CloudEvent.create("/certlife/inventory", newId, new DeploymentOverdueV1(newId, oldId, "C".repeat(40),
                now, Duration.ofDays(7), List.of(smtp, iis)), Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DEPLOY_OVERDUE".equals(renewal(oldId).getString("state")));

        Instant seen = now.plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", newId, new DeploymentVerifiedV1(newId, oldId, "C".repeat(40),
                smtp, seen, List.of(iis)), Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(20)).until(() -> renewal(oldId).getList("deployment.verifiedAt").get(0) != null);
        JsonPath half = renewal(oldId);
        assertThat(half.getString("state")).as("one slot left").isEqualTo("DEPLOY_OVERDUE");
        assertThat(half.getString("deployment[0].verifiedAt")).isEqualTo(seen.toString());
        assertThat(half.getString("deployment[1].verifiedAt")).isNull();

        long timed = meters.timer("certlife.renewal.time.to.verified").count();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", newId, new DeploymentVerifiedV1(newId, oldId, "C".repeat(40),
                iis, seen.plusSeconds(60), List.of()), Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "VERIFIED".equals(renewal(oldId).getString("state")));
        JsonPath verified = renewal(oldId);
        assertThat(verified.getString("verifiedAt")).isEqualTo(seen.plusSeconds(60).toString());
        assertThat(verified.getString("conditions.find { it.type == 'Deployed' }.status")).isEqualTo("True");
        assertThat(meters.timer("certlife.renewal.time.to.verified").count()).isEqualTo(timed + 1);
    }

    /** The certificate's renewal, as GET /renewals shows it. */
    private static JsonPath renewal(String certificateId) {
        return given().queryParam("certificateId", certificateId).get("/renewals").then().statusCode(200)
                .extract().jsonPath().setRootPath("[0]");
    }
}
