package io.certlife.notifier.channel.email;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.notifier.TestEstate;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An SMTP relay that accepts the connection and never answers: each attempt gives up after the SMTP timeout as a
 * transient failure and is retried, instead of holding the dispatcher.
 */
@QuarkusTest
@TestProfile(StallingSmtpTest.StallingRelay.class)
@WithTestResource(CertlifeInfrastructure.class)
class StallingSmtpTest {

    /** A listening socket nobody accepts from: the TCP handshake completes, no SMTP greeting ever comes. */
    public static final class StallingRelay implements QuarkusTestProfile {
        private static final ServerSocket SILENT = open();

        private static ServerSocket open() {
            try {
                return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(SILENT.getLocalPort()),
                    "quarkus.mailer.login", "NONE", "certlife.notifier.delivery.smtp-timeout", "2s");
        }
    }

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void aSilentRelayIsATransientFailureAfterTheTimeoutAndIsRetried() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("no-chat", "UTC");
        String hub = estate.server("HUB41", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        CloudEvent<CertificateExpiringV1> event = TestEstate.expiring(UUID.randomUUID().toString(), "CN=hub41", 30, 30,
                new SlotRef(hub, ServiceKind.SMTP));
        kafka.sendEvent(event);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(emailDelivery(event)).isNotEmpty()
                .satisfies(d -> {
                    assertThat((Integer) d.get("attempts")).isGreaterThanOrEqualTo(2);
                    assertThat(d.get("status")).isIn("PENDING", "SENDING");
                    assertThat((String) d.get("lastError")).isEqualTo("Unreachable: SMTP server: no answer within PT2S");
                }));
    }

    private static Map<String, Object> emailDelivery(CloudEvent<?> event) {
        List<Map<String, Object>> all = given().get("/deliveries?channel=EMAIL&sourceEventId=" + event.id()).then()
                .statusCode(200).extract().jsonPath().getList("$");
        return all.isEmpty() ? Map.of() : all.get(0);
    }
}
