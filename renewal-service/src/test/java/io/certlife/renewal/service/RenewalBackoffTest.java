package io.certlife.renewal.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalFailedV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.Topics;
import io.certlife.renewal.Renewal;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without its KEK the service fails closed; the renewal backs off 1 h, 2 h, ... counted in the database. */
@QuarkusTest
@TestProfile(RenewalBackoffTest.NoKek.class)
@WithTestResource(CertlifeInfrastructure.class)
class RenewalBackoffTest {

    /** The key-encryption key is missing (the Secret was not mounted). */
    public static class NoKek implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("certlife.keys.kek", "");
        }
    }

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    RenewalPlanner planner;

    @Test
    void aTransientFailureBacksOffDurablyAndRenewNowRetriesAtOnce() {
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(new CertificateSummary(oldId, "E".repeat(40),
                "F".repeat(64), "CN=um01", "CN=um01", "0F", List.of("um01"), now.minus(300, ChronoUnit.DAYS),
                now.plus(65, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", true), 2, now, List.of(), false,
                RenewalRequirements.NONE), Clock.systemUTC()));

        RenewalFailedV1 first = failures(oldId, 1).get(0);
        assertThat(first.reason()).isEqualTo("KeyVaultUnavailable");
        assertThat(first.terminal()).isFalse();
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(Duration.between(Instant.now(), first.nextAttemptAt())).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
        String id = first.renewalId();
        given().get("/renewals/" + id).then().body("state", equalTo("PLANNED")).body("attempts", equalTo(1))
                .body("conditions[0].reason", equalTo("KeyVaultUnavailable"));

        assertThat(planner.retryDue()).isZero();
        given().contentType("application/json").body(Map.of("certificateId", oldId)).post("/renewals").then().statusCode(200)
                .body("id", equalTo(id)).body("attempts", equalTo(2));
        RenewalFailedV1 second = failures(oldId, 2).get(1);
        assertThat(Duration.between(Instant.now(), second.nextAttemptAt())).isBetween(Duration.ofMinutes(119), Duration.ofHours(2));

        QuarkusTransaction.requiringNew().run(() -> Renewal.<Renewal>findById(UUID.fromString(id)).nextAttemptAt =
                Instant.now().minusSeconds(1));
        assertThat(planner.retryDue()).isEqualTo(1);
        RenewalFailedV1 third = failures(oldId, 3).get(2);
        assertThat(third.attempt()).isEqualTo(3);
        assertThat(Duration.between(Instant.now(), third.nextAttemptAt())).isBetween(Duration.ofMinutes(239), Duration.ofHours(4));
    }

    private List<RenewalFailedV1> failures(String certificateId, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> read(certificateId).size() >= count);
        return read(certificateId);
    }

    private List<RenewalFailedV1> read(String certificateId) {
        return kafka.await(Topics.RENEWAL_EVENTS, r -> r.value().contains("io.certlife.renewal.failed.v1") && r.value().contains(certificateId),
                        Integer.MAX_VALUE, Duration.ofSeconds(1)).stream()
                .map(r -> (RenewalFailedV1) EventCodec.decode(r.value()).data())
                .sorted(Comparator.comparingInt(RenewalFailedV1::attempt)).toList();
    }
}
