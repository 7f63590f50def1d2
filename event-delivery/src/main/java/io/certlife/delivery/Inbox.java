package io.certlife.delivery;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.EventType;
import io.certlife.events.MalformedEventException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The consumer side of delivery: decodes a record, and applies its effect at most once per consumer
 * by recording the event id in the same transaction as the effect. A redelivered event finds its id
 * and does nothing. Dead letters only for what can never be processed; a failing effect is retried first.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    @Inject
    EntityManager entityManager;

    @Inject
    InboxConfig config;

    @Inject
    MeterRegistry meters;

    /**
     * Applies one record. A record that is not a certlife event fails at once ({@link MalformedEventException}: the
     * channel's dead-letter strategy moves it to the dead-letter topic); an effect that fails (the database restarting,
     * a lock, a called service down) is retried in a new transaction with backoff, holding the record (and so its
     * partition, offsets uncommitted) for up to {@code certlife.inbox.retry-for}; only then does it fail, with the number
     * of attempts and the last failure, and become a dead letter.
     *
     * @param consumer a stable name of the consuming use-case (the dedupe scope)
     * @param payload  the Kafka record value
     * @param accepted the event types this consumer acts on; other catalogue types are skipped
     * @param effect   the state change, run inside the attempt's transaction
     * @return whether the effect ran (false for a skipped type or an event already processed)
     * @throws MalformedEventException for a record that is not a certlife event
     * @throws GaveUp                  when the effect kept failing for {@code retry-for}
     */
    public boolean receive(String consumer, String payload, Set<EventType> accepted, Consumer<CloudEvent<?>> effect) {
        CloudEvent<?> event = EventCodec.decode(payload);
        if (!accepted.contains(event.eventType())) {
            return false;
        }
        Instant giveUpAt = Instant.now().plus(config.retryFor());
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> apply(consumer, event, effect));
            } catch (RuntimeException e) {
                Duration wait = backoff(attempt);
                if (Instant.now().plus(wait).isAfter(giveUpAt)) {
                    meters.counter("certlife.inbox.gave.up", "consumer", consumer).increment();
                    throw new GaveUp(event, attempt, e);
                }
                meters.counter("certlife.inbox.retries", "consumer", consumer).increment();
                LOG.warnf("%s: event %s (%s) failed, attempt %d, retried in %s: %s", consumer, event.id(), event.type(), attempt,
                        wait, e.toString());
                sleep(wait);
            }
        }
    }

    private boolean apply(String consumer, CloudEvent<?> event, Consumer<CloudEvent<?>> effect) {
        if (newEvents(consumer, List.of(event)).isEmpty()) {
            redelivered(consumer, 1);
            return false;
        }
        effect.accept(event);
        return true;
    }

    /** An event whose effect kept failing: a dead letter, naming the attempts and the last failure. */
    public static final class GaveUp extends RuntimeException {
        GaveUp(CloudEvent<?> event, int attempts, RuntimeException last) {
            super("event " + event.id() + " (" + event.type() + ") failed " + attempts + " times: " + last, last);
        }
    }

    /** What a replay did: the effect ran, the event had been applied before, or this consumer does not act on its type. */
    public enum Replayed { APPLIED, ALREADY_PROCESSED, NOT_ACCEPTED }

    /**
     * Applies a dead letter's record again, once, in the caller's transaction, with the same dedupe as {@link #receive}.
     *
     * @throws MalformedEventException for a record that is still not a certlife event this service can read
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Replayed replay(EventConsumer consumer, String payload) {
        CloudEvent<?> event = EventCodec.decode(payload);
        if (!consumer.accepted().contains(event.eventType())) {
            return Replayed.NOT_ACCEPTED;
        }
        return apply(consumer.name(), event, consumer::apply) ? Replayed.APPLIED : Replayed.ALREADY_PROCESSED;
    }

    /** The wait before attempt {@code attempt + 1}: doubling from {@code initial-backoff} up to {@code max-backoff}. */
    Duration backoff(int attempt) {
        Duration wait = config.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an event", e);
        }
    }

    /**
     * A poll's records at once: the readable ones applied in one transaction (one inbox statement, one commit), in
     * order, each at most once. A record that is not a certlife event is nacked (the channel's dead-letter strategy
     * moves it to the dead-letter topic) and the others go on. When the batch's transaction fails, nothing of it is
     * kept and each record is applied again as {@link #receive} does, retried in its own transactions, so only an event
     * that keeps failing is nacked, alone.
     *
     * @return completes when every record is acknowledged or nacked
     */
    public CompletionStage<Void> receiveAll(String consumer, List<? extends Message<String>> records, Set<EventType> accepted,
                                            Consumer<CloudEvent<?>> effect) {
        return receiveAll(consumer, records, accepted, effect, events -> events.forEach(event -> {
            effect.accept(event);
            // one event's entities at a time: Hibernate's flush before each query checks every managed entity, which in
            // a context holding the whole batch would cost in the square of its size
            entityManager.flush();
            entityManager.clear();
        }));
    }

    /**
     * As {@link #receiveAll(String, List, Set, Consumer)}, with {@code effectAll} applying the poll's new events (in
     * order, each once) in the batch's transaction: for a consumer that reads what a whole poll needs in a few queries.
     * {@code effect} applies one event when the batch failed and its records are applied one by one.
     */
    public CompletionStage<Void> receiveAll(String consumer, List<? extends Message<String>> records, Set<EventType> accepted,
                                            Consumer<CloudEvent<?>> effect, Consumer<List<CloudEvent<?>>> effectAll) {
        List<CompletionStage<Void>> outcomes = new ArrayList<>();
        List<Message<String>> readable = new ArrayList<>();
        List<CloudEvent<?>> events = new ArrayList<>();
        for (Message<String> record : records) {
            try {
                CloudEvent<?> event = EventCodec.decode(record.getPayload());
                readable.add(record);
                events.add(event);
            } catch (MalformedEventException e) {
                outcomes.add(record.nack(e));
            }
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                List<CloudEvent<?>> wanted = events.stream().filter(e -> accepted.contains(e.eventType())).toList();
                Set<String> fresh = newEvents(consumer, wanted);
                int seenBefore = (int) wanted.stream().map(CloudEvent::id).distinct().count() - fresh.size();
                if (seenBefore > 0) {
                    redelivered(consumer, seenBefore);
                }
                List<CloudEvent<?>> apply = new ArrayList<>();
                for (CloudEvent<?> event : wanted) {
                    if (fresh.remove(event.id())) {
                        apply.add(event);
                    }
                }
                effectAll.accept(apply);
            });
            readable.forEach(record -> outcomes.add(record.ack()));
        } catch (RuntimeException batchFailure) {
            LOG.infof("A batch of %d events failed (%s); applying them one by one", readable.size(), batchFailure.toString());
            for (Message<String> record : readable) {
                try {
                    receive(consumer, record.getPayload(), accepted, effect);
                    outcomes.add(record.ack());
                } catch (RuntimeException e) {
                    outcomes.add(record.nack(e));
                }
            }
        }
        return CompletableFuture.allOf(outcomes.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new));
    }

    /** Events this consumer had applied before and received again (a redelivery after a crash or a rebalance): skipped. */
    private void redelivered(String consumer, int count) {
        meters.counter("certlife.inbox.redelivered", "consumer", consumer).increment(count);
        LOG.infof("%s: %d redelivered event(s) already processed, skipped", consumer, count);
    }

    /** Records the events' ids for this consumer; returns the ids not seen before. */
    private Set<String> newEvents(String consumer, List<CloudEvent<?>> events) {
        if (events.isEmpty()) {
            return new HashSet<>();
        }
        // no result class: Hibernate 7 caches a native query with one under a key that never matches the next call's
        List<?> inserted = entityManager.createNativeQuery("""
                        insert into {h-schema}processed_event (consumer, event_id)
                        select :consumer, id from unnest(cast(:ids as text[])) as id
                        on conflict do nothing
                        returning event_id""")
                .setParameter("consumer", consumer)
                .setParameter("ids", events.stream().map(CloudEvent::id).toArray(String[]::new))
                .getResultList();
        Set<String> fresh = new HashSet<>();
        inserted.forEach(id -> fresh.add((String) id));
        return fresh;
    }
}
