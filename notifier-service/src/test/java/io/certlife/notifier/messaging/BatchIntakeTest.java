package io.certlife.notifier.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.delivery.Inbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.MalformedEventException;
import io.certlife.notifier.Alert;
import io.certlife.notifier.TestEstate;
import io.certlife.notifier.service.EventIntake;
import io.certlife.testsupport.CertlifeInfrastructure;
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
