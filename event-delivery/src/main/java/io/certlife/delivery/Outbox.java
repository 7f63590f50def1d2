package io.certlife.delivery;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Records events in the outbox table inside the caller's transaction, so that an event exists if and
 * only if the state change that caused it was committed. {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EntityManager entityManager;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    /** Adds the event to the outbox; the caller's transaction must be active. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(CloudEvent<?> event) {
        publishAll(List.of(event));
    }

    /** Adds the events to the outbox in one statement, in this order; the caller's transaction must be active. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<? extends CloudEvent<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        events.stream().filter(e -> e.eventType().topic() == null).findFirst().ifPresent(e -> {
            throw new IllegalArgumentException(e.type() + " is delivered to webhooks only, never published on Kafka");
        });
        entityManager.createNativeQuery("""
                        insert into {h-schema}outbox_event (event_id, topic, event_key, event_type, payload)
                        select e.id, e.topic, e.key, e.type, e.payload
                        from unnest(cast(:ids as text[]), cast(:topics as text[]), cast(:keys as text[]),
                                    cast(:types as text[]), cast(:payloads as text[]))
                             with ordinality as e(id, topic, key, type, payload, n)
                        order by e.n""")
                .setParameter("ids", events.stream().map(CloudEvent::id).toArray(String[]::new))
                .setParameter("topics", events.stream().map(e -> e.eventType().topic()).toArray(String[]::new))
                .setParameter("keys", events.stream().map(CloudEvent::subject).toArray(String[]::new))
                .setParameter("types", events.stream().map(CloudEvent::type).toArray(String[]::new))
                .setParameter("payloads", events.stream().map(EventCodec::encode).toArray(String[]::new))
                .executeUpdate();
        relay.wakeUpAfterCommit(transactions);
    }

    /**
     * Publishes again, with their original ids, the events of this type and key still in the outbox (sent ones are kept
     * for {@code certlife.outbox.retention}): consumers that applied them dedupe, one that lost them applies them now.
     * In the caller's transaction; returns how many events it queued again (0 when they left the outbox).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int republish(EventType type, String key) {
        int queued = entityManager.createNativeQuery("""
                        update {h-schema}outbox_event set sent_at = null where event_type = :type and event_key = :key""")
                .setParameter("type", type.type())
                .setParameter("key", key)
                .executeUpdate();
        if (queued > 0) {
            relay.wakeUpAfterCommit(transactions);
        }
        return queued;
    }
}
