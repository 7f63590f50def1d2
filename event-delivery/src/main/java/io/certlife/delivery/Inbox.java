package io.certlife.delivery;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.EventType;
import io.certlife.events.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The consumer side of delivery: decodes a record, and applies its effect at most once per consumer
 * by recording the event id in the same transaction as the effect. A redelivered event finds its id
 * and does nothing.
 */
@ApplicationScoped
public class Inbox {

    @Inject
    EntityManager entityManager;

    /**
     * @param consumer a stable name of the consuming use-case (the dedupe scope)
     * @param payload  the Kafka record value
     * @param accepted the event types this consumer acts on; other catalogue types are skipped
     * @param effect   the state change, run inside this method's transaction
     * @return whether the effect ran (false for a skipped type or an event already processed)
     * @throws MalformedEventException for a record that is not a certlife event; the channel's
     *                                 dead-letter strategy then moves it to the dead-letter topic
     */
    @Transactional
    public boolean receive(String consumer, String payload, Set<EventType> accepted, Consumer<CloudEvent<?>> effect) {
        CloudEvent<?> event = EventCodec.decode(payload);
        if (!accepted.contains(event.eventType())) {
            return false;
        }
        int inserted = entityManager.createNativeQuery("""
                        insert into {h-schema}processed_event (consumer, event_id) values (:consumer, :id)
                        on conflict do nothing""")
                .setParameter("consumer", consumer)
                .setParameter("id", event.id())
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        effect.accept(event);
        return true;
    }
}
