package io.certlife.notifier.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class LifecycleEventsConsumerTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void renewalPlannedRaisesOneAlertHoweverOftenItIsDelivered() {
        String certificateId = UUID.randomUUID().toString();
        CloudEvent<RenewalPlannedV1> planned = planned(certificateId);
        kafka.sendEvent(planned);
        kafka.sendEvent(planned);
        String marker = UUID.randomUUID().toString();
        kafka.sendEvent(planned(marker));

        await().atMost(Duration.ofSeconds(30)).until(() -> !alerts(marker).isEmpty());
        List<Map<String, Object>> alerts = alerts(certificateId);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0)).containsEntry("severity", "INFO")
                .containsEntry("summary", "CN=cas01: renewal planned (CSR, generation 2)");
    }

    @Test
    void garbageOnEitherTopicGoesToTheNotifierDeadLetterTopic() {
        String key = "garbage-" + UUID.randomUUID();
        kafka.send(Topics.INVENTORY_EVENTS, key, "[1,2,3]");
        assertThat(kafka.await(Topics.NOTIFIER_DEAD_LETTER, r -> key.equals(r.key()), 1, Duration.ofSeconds(30)))
                .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("[1,2,3]"));
    }

    private List<Map<String, Object>> alerts(String certificateId) {
        return given().get("/alerts?certificateId=" + certificateId).then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static CloudEvent<RenewalPlannedV1> planned(String certificateId) {
        return CloudEvent.create("/certlife/renewal", UUID.randomUUID().toString(), new RenewalPlannedV1(
                UUID.randomUUID().toString(), certificateId, 2, "CSR", "CN=cas01", List.of("mail.contoso.com", "cas01"),
                "RSA", 2048, true, List.of(), List.of(), false), Clock.systemUTC());
    }
}
