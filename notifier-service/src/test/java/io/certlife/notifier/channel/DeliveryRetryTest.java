package io.certlife.notifier.channel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.notifier.HttpReceiver;
import io.certlife.notifier.Mailbox;
import io.certlife.notifier.NotifierSinks;
import io.certlife.notifier.TestEstate;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Transient failures are retried with backoff (and Retry-After); permanent ones stop at once; channels do not wait for each other. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
class DeliveryRetryTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @NotifierSinks.Sink
    HttpReceiver http;

    @NotifierSinks.Sink
    GreenMail mail;

    @Inject
    EntityManager entityManager;

    @Test
    void a503AndA429AreRetriedUntilTheWebhookTakesTheMessage() {
        TestEstate estate = estateWithFlakyWebhook();
        String hub = estate.server("HUB02", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        http.script("/hooks/flaky", HttpReceiver.Answer.of(503),
                new HttpReceiver.Answer(429, Map.of("Retry-After", "1"), "slow down"));
        CloudEvent<CertificateExpiringV1> event = TestEstate.expiring(UUID.randomUUID().toString(), "CN=hub02", 30, 30,
                new SlotRef(hub, ServiceKind.SMTP));
        kafka.sendEvent(event);

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(webhookDelivery(event).get("status")));
        Map<String, Object> delivery = webhookDelivery(event);
        assertThat(delivery).containsEntry("attempts", 3).containsEntry("lastError", null);
        assertThat(http.requestsContaining("/hooks/flaky", event.id())).hasSize(3);
    }

    @Test
    void a400StopsAtOnceWithNotificationFailedWhileEmailStillArrives() {
        TestEstate estate = estateWithFlakyWebhook();
        String hub = estate.server("HUB03", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        http.script("/hooks/flaky", new HttpReceiver.Answer(400, Map.of(), "{\"error\":\"schema\"}"));
        CloudEvent<CertificateExpiringV1> event = TestEstate.expiring(UUID.randomUUID().toString(), "CN=hub03", 30, 30,
                new SlotRef(hub, ServiceKind.SMTP));
        kafka.sendEvent(event);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(webhookDelivery(event).get("status")));
        assertThat(webhookDelivery(event)).containsEntry("attempts", 1)
                .satisfies(d -> assertThat((String) d.get("lastError")).startsWith("HttpPermanent: endpoint 'flaky-webhook' answered HTTP 400"));
        assertThat(kafka.await(Topics.NOTIFIER_EVENTS, r -> r.value().contains("io.certlife.notification.failed.v1")
                && r.value().contains(event.id()), 1, Duration.ofSeconds(30)))
                .singleElement().satisfies(r -> assertThat(r.value()).contains("\"reason\":\"HttpPermanent\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(mail.getReceivedMessages()).stream()
                .anyMatch(m -> Mailbox.subject(m).startsWith("hub03 on HUB03")));
        assertThat(http.requestsContaining("/hooks/flaky", event.id())).hasSize(1);
    }

    @Test
    void aRetryAfterOfADayIsCappedByMaxRetryAfter() {
        TestEstate estate = estateWithFlakyWebhook();
        String hub = estate.server("HUB04", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        http.script("/hooks/flaky", new HttpReceiver.Answer(429, Map.of("Retry-After", "86400"), "come back tomorrow"));
        CloudEvent<CertificateExpiringV1> event = TestEstate.expiring(UUID.randomUUID().toString(), "CN=hub04", 30, 30,
                new SlotRef(hub, ServiceKind.SMTP));
        kafka.sendEvent(event);

        // %test max-retry-after is 2s: the second attempt comes seconds later, not tomorrow
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(webhookDelivery(event).get("status")));
        assertThat(webhookDelivery(event)).containsEntry("attempts", 2);
    }

    /**
     * A webhook that holds the connection (no answer) costs its own channel one http-timeout: mail queued meanwhile is
     * sent while the webhook call still hangs, and the webhook message goes on the next attempt.
     */
    @Test
    void aStalledWebhookHoldsUpOnlyItsOwnChannel() throws InterruptedException {
        TestEstate estate = estateWithFlakyWebhook();
        String first = estate.server("HUB05", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        String second = estate.server("HUB06", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", second);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        http.handle("/hooks/flaky", request -> {
            if (request.body().contains("hub05") && stalled.getCount() > 0) {
                stalled.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return HttpReceiver.Answer.of(200);
        });
        try {
            CloudEvent<CertificateExpiringV1> stalling = TestEstate.expiring(UUID.randomUUID().toString(), "CN=hub05", 30, 30,
                    new SlotRef(first, ServiceKind.SMTP));
            kafka.sendEvent(stalling);
            assertThat(stalled.await(30, TimeUnit.SECONDS)).as("the webhook call arrived and hangs").isTrue();

            kafka.sendEvent(TestEstate.expiring(UUID.randomUUID().toString(), "CN=hub06", 30, 30, new SlotRef(second, ServiceKind.SMTP)));
            // well within the webhook call's 10 s http-timeout: the mail lane did not wait for the webhook lane's round
            await().atMost(Duration.ofSeconds(8)).until(() -> List.of(mail.getReceivedMessages()).stream()
                    .anyMatch(m -> Mailbox.subject(m).startsWith("hub06 on HUB06")));
            assertThat(stalled.getCount()).isZero();
            assertThat(release.getCount()).as("the webhook call still hangs").isEqualTo(1);

            await().atMost(Duration.ofSeconds(40)).until(() -> "SENT".equals(webhookDelivery(stalling).get("status")));
            assertThat(webhookDelivery(stalling)).as("the hung call timed out and the message went on the next attempt")
                    .containsEntry("attempts", 2);
        } finally {
            release.countDown();
            http.handle("/hooks/flaky", request -> HttpReceiver.Answer.of(200));
        }
    }

    /**
     * The database refuses to record a sent webhook twice (a restart between the send and its record): the dispatcher
     * records it when the database answers again, within the round's lease, and the receiver gets it once.
     */
    @Test
    void aSentMessageWhoseRecordTheDatabaseRefusesIsRecordedOnceItAnswersNotSentAgain() {
        TestEstate estate = estateWithFlakyWebhook();
        String hub = estate.server("HUB07", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        CloudEvent<CertificateExpiringV1> event = TestEstate.expiring(UUID.randomUUID().toString(), "CN=hub07", 30, 30,
                new SlotRef(hub, ServiceKind.SMTP));
        // a sequence is not rolled back with the refused transaction: the first two records of this event fail
        sql("create sequence notifier.refused_records");
        sql("""
                create or replace function notifier.refuse_record() returns trigger language plpgsql as $$
                begin
                  if new.source_event_id = '%s' and new.channel = 'WEBHOOK' and new.status = 'SENT'
                      and nextval('notifier.refused_records') <= 2 then
                    raise exception 'the database is restarting';
                  end if;
                  return new;
                end $$""".formatted(event.id()));
        sql("create trigger refuse_record before update on notifier.delivery for each row execute function notifier.refuse_record()");
        try {
            kafka.sendEvent(event);
            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(webhookDelivery(event).get("status")));
            assertThat(webhookDelivery(event)).containsEntry("attempts", 1);
            assertThat(http.requestsContaining("/hooks/flaky", event.id())).as("sent once, recorded on the third try").hasSize(1);
            assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                    .createNativeQuery("select last_value from notifier.refused_records").getSingleResult()).longValue()))
                    .as("the record was refused twice, then taken").isEqualTo(3);
        } finally {
            sql("drop trigger refuse_record on notifier.delivery");
            sql("drop function notifier.refuse_record()");
            sql("drop sequence notifier.refused_records");
        }
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(statement).executeUpdate());
    }

    private TestEstate estateWithFlakyWebhook() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        estate.routeTo("WEBHOOK", "flaky-webhook");
        return estate;
    }

    private static Map<String, Object> webhookDelivery(CloudEvent<?> event) {
        List<Map<String, Object>> all = given().get("/deliveries?channel=WEBHOOK&sourceEventId=" + event.id()).then()
                .statusCode(200).extract().jsonPath().getList("$");
        return all.isEmpty() ? Map.of() : all.get(0);
    }
}
