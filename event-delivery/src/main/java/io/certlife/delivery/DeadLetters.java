package io.certlife.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The service's dead letters, visible and replayable. Each consumer's dead-letter strategy writes what it could not
 * process to the service's dead-letter topic (with the reason, the source topic, partition and offset in headers);
 * this reads that topic back (channel {@code dead-letters}) into the {@code dead_letter} table, one row per record
 * whatever the replicas. {@link #replay} applies one again through the consumer of its source topic, with that
 * consumer's dedupe. Open dead letters are counted per source topic in {@code certlife_dead_letters} and in readiness
 * details (never a reason to be unready: the service still does its job for everything else).
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration COUNTS_FRESH_FOR = Duration.ofSeconds(10);

    /** One dead letter; {@code payload} only when asked for one by id. */
    public record Letter(long id, String sourceTopic, Integer sourcePartition, Long sourceOffset, String key, String reason,
                         Instant deadAt, Instant resolvedAt, String resolution, int payloadChars,
                         String payload) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    Inbox inbox;

    @Inject
    Instance<EventConsumer> consumers;

    @Inject
    MeterRegistry meters;

    private volatile Map<String, Long> openCounts = Map.of();
    private volatile Instant countedAt = Instant.EPOCH;

    void start(@Observes StartupEvent startup) {
        TreeSet<String> topics = new TreeSet<>();
        consumers.forEach(c -> topics.addAll(c.topics()));
        // a gauge left by an earlier start in this JVM (tests restart the application) would read that start's counts
        meters.find("certlife.dead.letters").meters().forEach(meters::remove);
        for (String topic : topics) {
            Gauge.builder("certlife.dead.letters", this, d -> d.open().getOrDefault(topic, 0L))
                    .tag("topic", topic).description("open dead letters from this source topic (the service's total)")
                    .register(meters);
        }
    }

    /** Stores a record of the dead-letter topic; retried until the database takes it (a dead letter is never dropped). */
    @Incoming("dead-letters")
    @Blocking
    public CompletionStage<Void> onDeadLetter(Message<String> record) {
        IncomingKafkaRecordMetadata<?, ?> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> store(kafka, record.getPayload()));
                countedAt = Instant.EPOCH;
                return record.ack();
            } catch (RuntimeException e) {
                Duration wait = inbox.backoff(attempt);
                LOG.warnf("Dead letter %s-%d@%d not stored yet (attempt %d, again in %s): %s", kafka.getTopic(),
                        kafka.getPartition(), kafka.getOffset(), attempt, wait, e.toString());
                Inbox.sleep(wait);
            }
        }
    }

    private void store(IncomingKafkaRecordMetadata<?, ?> kafka, String payload) {
        Headers headers = kafka.getHeaders();
        String reason = header(headers, "dead-letter-reason");
        String sourcePartition = header(headers, "dead-letter-partition");
        String sourceOffset = header(headers, "dead-letter-offset");
        entityManager.createNativeQuery("""
                        insert into {h-schema}dead_letter (topic, partition_no, record_offset, source_topic, source_partition,
                            source_offset, event_key, reason, payload, dead_at)
                        values (:topic, :partition, :offset, :sourceTopic, :sourcePartition, :sourceOffset, :key, :reason,
                            :payload, :deadAt)
                        on conflict do nothing""")
                .setParameter("topic", kafka.getTopic())
                .setParameter("partition", kafka.getPartition())
                .setParameter("offset", kafka.getOffset())
                .setParameter("sourceTopic", header(headers, "dead-letter-topic"))
                .setParameter("sourcePartition", sourcePartition == null ? null : Integer.valueOf(sourcePartition))
                .setParameter("sourceOffset", sourceOffset == null ? null : Long.valueOf(sourceOffset))
                .setParameter("key", kafka.getKey() == null ? null : text(abbreviate(kafka.getKey().toString(), 512)))
                .setParameter("reason", reason == null ? "(no reason given)" : text(reason))
                .setParameter("payload", payload == null ? "" : text(payload))
                .setParameter("deadAt", OffsetDateTime.ofInstant(kafka.getTimestamp(), ZoneOffset.UTC))
                .executeUpdate();
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** PostgreSQL text cannot hold NUL: a hostile record's NULs are stored as U+FFFD. */
    private static String text(String value) {
        return value.replace('\u0000', '\uFFFD');
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** Dead letters, newest first: the open ones, or all. */
    public List<Letter> list(boolean openOnly, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> query(
                (openOnly ? "where resolved_at is null " : "") + "order by id desc limit :limit", false)
                .setParameter("limit", limit).getResultList().stream().map(row -> letter((Object[]) row, false)).toList());
    }

    /** One dead letter with its payload. */
    public Optional<Letter> find(long id) {
        return QuarkusTransaction.requiringNew().call(() -> query("where id = :id", true).setParameter("id", id)
                .getResultList().stream().findFirst().map(row -> letter((Object[]) row, true)));
    }

    private jakarta.persistence.Query query(String where, boolean withPayload) {
        return entityManager.createNativeQuery("select id, source_topic, source_partition, source_offset, event_key, reason, "
                + "dead_at, resolved_at, resolution, length(payload), " + (withPayload ? "payload" : "null")
                + " from {h-schema}dead_letter " + where);
    }

    private static Letter letter(Object[] row, boolean withPayload) {
        return new Letter(((Number) row[0]).longValue(), (String) row[1], row[2] == null ? null : ((Number) row[2]).intValue(),
                row[3] == null ? null : ((Number) row[3]).longValue(), (String) row[4], (String) row[5], instant(row[6]),
                instant(row[7]), (String) row[8], ((Number) row[9]).intValue(), withPayload ? (String) row[10] : null);
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) value;
    }

    /**
     * Applies an open dead letter again through the consumer of its source topic, in the caller's transaction (so the
     * effect, the letter's resolution and the caller's audit record commit together), and resolves it.
     *
     * @throws java.util.NoSuchElementException              when there is no such dead letter
     * @throws NotReplayable                                 when it is already resolved, or this service has no consumer of its topic
     * @throws io.certlife.events.MalformedEventException     when its record still cannot be read
     * @throws RuntimeException                               whatever the effect threw (nothing is kept; it stays open)
     */
    @Transactional
    public Inbox.Replayed replay(long id) {
        List<?> rows = entityManager.createNativeQuery(
                        "select source_topic, payload, resolved_at from {h-schema}dead_letter where id = :id for update")
                .setParameter("id", id).getResultList();
        if (rows.isEmpty()) {
            throw new java.util.NoSuchElementException("no dead letter " + id);
        }
        Object[] row = (Object[]) rows.get(0);
        if (row[2] != null) {
            throw new NotReplayable("dead letter " + id + " is already resolved");
        }
        String topic = (String) row[0];
        EventConsumer consumer = consumers.stream().filter(c -> c.topics().contains(topic)).findFirst()
                .orElseThrow(() -> new NotReplayable("no consumer of topic " + topic + " in this service"));
        Inbox.Replayed replayed = inbox.replay(consumer, (String) row[1]);
        entityManager.createNativeQuery(
                        "update {h-schema}dead_letter set resolved_at = now(), resolution = :resolution where id = :id")
                .setParameter("resolution", replayed.name()).setParameter("id", id).executeUpdate();
        meters.counter("certlife.dead.letters.replayed", "outcome", replayed.name()).increment();
        LOG.infof("Dead letter %d (%s) replayed through %s: %s", id, topic, consumer.name(), replayed);
        countedAt = Instant.EPOCH;
        return replayed;
    }

    /** A dead letter that a replay cannot apply whatever happens: resolved already, or from a topic nothing here reads. */
    public static final class NotReplayable extends RuntimeException {
        NotReplayable(String message) {
            super(message);
        }
    }

    /** Open dead letters per source topic, counted at most every 10 seconds; the last count while the database is away. */
    public Map<String, Long> open() {
        if (Instant.now().isAfter(countedAt.plus(COUNTS_FRESH_FOR))) {
            try {
                Map<String, Long> counts = new TreeMap<>();
                QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                                select coalesce(source_topic, '(unknown)'), count(*) from {h-schema}dead_letter
                                where resolved_at is null group by 1""").getResultList())
                        .forEach(r -> counts.put((String) ((Object[]) r)[0], ((Number) ((Object[]) r)[1]).longValue()));
                openCounts = counts;
                countedAt = Instant.now();
            } catch (RuntimeException e) {
                LOG.debugf("Dead letters not counted: %s", e.toString());
            }
        }
        return openCounts;
    }

    /** Deletes resolved dead letters older than {@code retention}; returns how many. */
    int purge(Instant now, Duration retention) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "delete from {h-schema}dead_letter where resolved_at < :cutoff")
                .setParameter("cutoff", OffsetDateTime.ofInstant(now.minus(retention), ZoneOffset.UTC))
                .executeUpdate());
    }
}
