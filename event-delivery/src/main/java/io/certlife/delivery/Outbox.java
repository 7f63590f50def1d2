package io.certlife.delivery;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

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
        entityManager.createNativeQuery("""
                        insert into {h-schema}outbox_event (event_id, topic, event_key, event_type, payload)
                        values (:id, :topic, :key, :type, :payload)""")
                .setParameter("id", event.id())
                .setParameter("topic", event.eventType().topic())
                .setParameter("key", event.subject())
                .setParameter("type", event.type())
                .setParameter("payload", EventCodec.encode(event))
                .executeUpdate();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}
