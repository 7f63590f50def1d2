package io.certlife.renewal.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.MalformedEventException;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class RenewalDueConsumerTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void renewalDueBecomesOnePlannedRenewalEvenWhenDeliveredTwice() {
        String certificateId = UUID.randomUUID().toString();
        CloudEvent<RenewalDueV1> due = renewalDue(certificateId, true);

        kafka.sendEvent(due);
        kafka.sendEvent(due);
        // A different event about the same (certificate, generation), as a second sweep might send, plans nothing new.
        kafka.sendEvent(renewalDue(certificateId, true));
        String marker = sendMarker();

        awaitPlanned(marker);
        List<RenewalPlannedV1> planned = planned(certificateId);
        assertThat(planned).hasSize(1);
        assertThat(planned.get(0).issuer()).isEqualTo("SELF_SIGNED");
        assertThat(planned.get(0).subjectAltNames()).containsExactly("hub01", "hub01.contoso.com");
        assertThat(planned.get(0).generation()).isEqualTo(2);
        var renewals = given().get("/renewals?certificateId=" + certificateId).then().statusCode(200).extract().jsonPath();
        assertThat(renewals.getList("$")).hasSize(1);
        assertThat(renewals.getString("[0].activationWindows[0].site")).isEqualTo("ams");
        assertThat(renewals.getString("[0].activationWindows[0].start")).isEqualTo(WINDOW_START.toString());
        assertThat(renewals.getString("[0].activationWindows[1].site")).isEqualTo("nyc");
        assertThat(renewals.getString("[0].activationWindows[1].start")).as("no window fits at nyc").isNull();
    }

    @Test
    void aRecordThatIsNoEventGoesToTheDeadLetterTopicAndTheNextOneIsStillProcessed() {
        String garbageKey = "garbage-" + UUID.randomUUID();
        kafka.send(Topics.INVENTORY_EVENTS, garbageKey, "{not json");
        String unknownKey = "unknown-" + UUID.randomUUID();
        kafka.send(Topics.INVENTORY_EVENTS, unknownKey, """
                {"specversion":"1.0","id":"x1","source":"/elsewhere","type":"com.example.unknown.v1",
                 "time":"2026-11-22T10:00:00Z","data":{}}""");
        String marker = sendMarker();

        awaitPlanned(marker);
        ConsumerRecord<String, String> deadGarbage = deadLetter(garbageKey);
        assertThat(deadGarbage.value()).isEqualTo("{not json");
        assertThat(reason(deadGarbage)).contains(MalformedEventException.INVALID_JSON);
        assertThat(reason(deadLetter(unknownKey))).contains(MalformedEventException.UNKNOWN_EVENT_TYPE)
                .contains("com.example.unknown.v1");
    }

    private ConsumerRecord<String, String> deadLetter(String key) {
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.RENEWAL_DEAD_LETTER,
                r -> key.equals(r.key()), 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static String reason(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("dead-letter-reason");
        assertThat(header).as("dead-letter-reason header").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A good RenewalDue sent after the records under test: once it is planned, the earlier ones were consumed. */
    private String sendMarker() {
        String certificateId = UUID.randomUUID().toString();
        kafka.sendEvent(renewalDue(certificateId, false));
        return certificateId;
    }

    private void awaitPlanned(String certificateId) {
        assertThat(kafka.await(Topics.RENEWAL_EVENTS, r -> planned(r, certificateId), 1, Duration.ofSeconds(30)))
                .as("RenewalPlanned for " + certificateId).hasSize(1);
    }

    private List<RenewalPlannedV1> planned(String certificateId) {
        return kafka.await(Topics.RENEWAL_EVENTS, r -> planned(r, certificateId), 2, Duration.ofSeconds(3)).stream()
                .map(r -> (RenewalPlannedV1) EventCodec.decode(r.value()).data()).toList();
    }

    private static boolean planned(ConsumerRecord<String, String> record, String certificateId) {
        return EventCodec.decode(record.value()).data() instanceof RenewalPlannedV1 p && p.certificateId().equals(certificateId);
    }

    private static final Instant WINDOW_START = Instant.parse("2027-01-09T21:00:00Z");

    static CloudEvent<RenewalDueV1> renewalDue(String certificateId, boolean selfSigned) {
        Instant now = Instant.now();
        CertificateSummary certificate = new CertificateSummary(certificateId, "A".repeat(40), "B".repeat(64),
                "CN=hub01", selfSigned ? "CN=hub01" : "CN=Contoso Issuing CA", "0A1B", List.of("hub01", "hub01.contoso.com"),
                now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", selfSigned);
        return CloudEvent.create("/certlife/inventory", certificateId,
                new RenewalDueV1(certificate, 2, now.minus(1, ChronoUnit.DAYS), List.of(), false, RenewalRequirements.NONE, null, null,
                        List.of(new RenewalDueV1.ActivationWindow("ams", WINDOW_START, WINDOW_START.plus(6, ChronoUnit.HOURS)),
                                new RenewalDueV1.ActivationWindow("nyc", null, null))), Clock.systemUTC());
    }
}
