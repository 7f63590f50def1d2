package io.certlife.notifier.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.delivery.Inbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.MalformedEventException;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.notifier.Alert;
import io.certlife.notifier.CertificateState;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.TestEstate;
import io.certlife.notifier.service.AlertService;
import io.certlife.notifier.service.EventIntake;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.LogCapture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A poll's records applied in one transaction: an unreadable record is nacked alone, an event whose effect fails makes
 * the batch fall back to one transaction per event so that only that event is nacked (after its retries), and a redelivered batch applies
 * nothing twice. Over the real PostgreSQL (the inbox and the alerts are rows).
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class BatchIntakeTest {

    @Inject
    Inbox inbox;

    @Inject
    EventIntake intake;

    @Inject
    EntityManager entityManager;

    @Inject
    AlertService alerts;

    private final Map<String, Object> outcomes = new ConcurrentHashMap<>();

    @Test
    void oneBadEventIsNackedAloneAndARedeliveredBatchAppliesNothingTwice() {
        String consumer = "batch-test-" + UUID.randomUUID();
        List<String> certificates = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        List<CloudEvent<?>> events = certificates.stream()
                .<CloudEvent<?>>map(id -> TestEstate.expiring(id, "CN=batch-" + id.substring(0, 8), 14, 14)).toList();
        String failing = events.get(1).id();
        List<Message<String>> batch = List.of(record("first", EventCodec.encode(events.get(0))), record("garbage", "{not json"),
                record("failing", EventCodec.encode(events.get(1))), record("third", EventCodec.encode(events.get(2))));

        inbox.receiveAll(consumer, batch, EventIntake.ACCEPTED, event -> {
            if (event.id().equals(failing)) {
                throw new IllegalStateException("effect failed for " + failing);
            }
            intake.handle(event);
        }).toCompletableFuture().join();

        assertThat(outcomes).containsEntry("first", "ack").containsEntry("third", "ack");
        assertThat(outcomes.get("garbage")).isInstanceOf(MalformedEventException.class);
        assertThat(outcomes.get("failing")).as("retried for certlife.inbox.retry-for, then a dead letter")
                .isInstanceOf(Inbox.GaveUp.class).satisfies(e -> assertThat(((Throwable) e).getCause()).isInstanceOf(IllegalStateException.class));
        assertThat(((Throwable) outcomes.get("failing")).getMessage()).contains("failed").contains("times: java.lang.IllegalStateException");
        assertThat(processed(consumer)).containsExactlyInAnyOrder(events.get(0).id(), events.get(2).id());
        assertThat(alerts(certificates)).containsExactly(1L, 0L, 1L);

        outcomes.clear();
        inbox.receiveAll(consumer, batch, EventIntake.ACCEPTED, intake::handle).toCompletableFuture().join();
        assertThat(outcomes).containsEntry("first", "ack").containsEntry("failing", "ack").containsEntry("third", "ack");
        assertThat(processed(consumer)).hasSize(3);
        assertThat(alerts(certificates)).as("the redelivered events are not applied again").containsExactly(1L, 1L, 1L);
        assertThat(occurrences(certificates)).containsExactly(1, 1, 1);
    }

    /**
     * The production path: a poll's events applied in runs that read their certificates' state rows, alerts and ledger
     * lines once. Inside one run an alert is still raised once however many events repeat it, an acknowledged alert
     * still keeps a new one of its certificate and server quiet, a state row still takes what the latest event says, and
     * a certificate's stored slots still place the alert when an event names none.
     */
    @Test
    void aRunOfEventsKeepsEveryRuleOfOneEventAtATime() {
        String consumer = "run-test-" + UUID.randomUUID();
        String acknowledged = UUID.randomUUID().toString();
        String repeated = UUID.randomUUID().toString();
        String renamed = UUID.randomUUID().toString();
        SlotRef slot = new SlotRef("HUB-" + acknowledged.substring(0, 8) + ".contoso.test", ServiceKind.SMTP);
        apply(consumer, List.of(TestEstate.expiring(acknowledged, "CN=acked", 30, 30, slot),
                TestEstate.expiring(renamed, "CN=old-name", 30, 30, slot)));
        Alert first = QuarkusTransaction.requiringNew().call(() -> Alert.<Alert>find("certificateId", acknowledged).singleResult());
        alerts.acknowledge(first.id, "ops");

        CloudEvent<?> quieted = TestEstate.expiring(acknowledged, "CN=acked", 14, 14);
        apply(consumer, List.of(TestEstate.expiring(repeated, "CN=twice", 14, 14, slot), quieted,
                TestEstate.expiring(repeated, "CN=twice", 14, 14, slot), TestEstate.expiring(renamed, "CN=new-name", 14, 14, slot)));

        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(Alert.<Alert>list("certificateId", repeated)).singleElement()
                    .satisfies(a -> assertThat(a.occurrences).as("raised once, counted twice").isEqualTo(2));
            Alert second = Alert.<Alert>find("certificateId = ?1 and id <> ?2", acknowledged, first.id).singleResult();
            assertThat(second.state).as("kept quiet by the acknowledged one").isEqualTo(Alert.State.ACKNOWLEDGED);
            assertThat(second.server).as("placed on the stored slot's server").isEqualTo(slot.server().toLowerCase());
            assertThat(Delivery.count("sourceEventId", quieted.id())).as("nothing sent for a quiet alert").isZero();
            CertificateState state = CertificateState.findById(renamed);
            assertThat(state.subject).isEqualTo("CN=new-name");
            assertThat(state.slots).containsExactly(new SlotRef(slot.server().toLowerCase(), ServiceKind.SMTP));
        });
    }

    /** Applies the events as one poll, which must succeed as one run (not by falling back to one event at a time). */
    private void apply(String consumer, List<CloudEvent<?>> events) {
        List<Message<String>> batch = events.stream().map(e -> record(e.id(), EventCodec.encode(e))).toList();
        try (LogCapture log = LogCapture.start()) {
            inbox.receiveAll(consumer, batch, EventIntake.ACCEPTED, intake::handle, intake::handleAll).toCompletableFuture().join();
            assertThat(log.text()).doesNotContain("applying them one by one");
        }
        events.forEach(e -> assertThat(outcomes).containsEntry(e.id(), "ack"));
    }

    private Message<String> record(String name, String payload) {
        return Message.of(payload, () -> {
            outcomes.put(name, "ack");
            return CompletableFuture.completedFuture(null);
        }, reason -> {
            outcomes.put(name, reason);
            return CompletableFuture.completedFuture(null);
        });
    }

    private List<String> processed(String consumer) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select event_id from {h-schema}processed_event where consumer = ?1")
                .setParameter(1, consumer).getResultList().stream().map(String.class::cast).toList());
    }

    private static List<Long> alerts(List<String> certificates) {
        return QuarkusTransaction.requiringNew().call(() -> certificates.stream().map(id -> Alert.count("certificateId", id)).toList());
    }

    private static List<Integer> occurrences(List<String> certificates) {
        return QuarkusTransaction.requiringNew().call(() -> certificates.stream()
                .map(id -> Alert.<Alert>find("certificateId", id).singleResult().occurrences).toList());
    }
}
