package io.certlife.delivery;

import io.certlife.events.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in order and marks each sent only after the broker acknowledged it
 * ({@code acks=all}, idempotent producer). One relay at a time per schema holds a transaction-scoped
 * advisory lock, so several replicas never reorder events; the others stand by. Delivery is
 * at-least-once: a crash between the acknowledgement and the commit resends, and consumers dedupe by
 * event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    EntityManager entityManager;

    @Inject
    OutboxConfig config;

    @Inject
    InboxConfig inbox;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MeterRegistry meters;

    @Inject
    DeadLetters deadLetters;

    @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema", defaultValue = "public")
    String schema;

    private volatile String lastError;
    private volatile Instant lastSuccess;
    private WorkerLoop loop;
    private KafkaProducer<String, String> producer;
    private Counter relayed;
    private Instant lastPurge = Instant.EPOCH;

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            LOG.info("Outbox relay disabled (certlife.outbox.enabled=false)");
            return;
        }
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.sendTimeout().toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(config.sendTimeout().toMillis(), 30_000));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "certlife-outbox-" + schema);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
        relayed = meters.counter("certlife.outbox.relayed");
        Counter failures = meters.counter("certlife.outbox.relay.failures");
        loop = new WorkerLoop("outbox-relay", config.pollInterval(), config.batchSize(), this::relayBatch,
                e -> {
                    lastError = e.toString();
                    failures.increment();
                }, () -> {
                    lastError = null;
                    lastSuccess = Instant.now();
                    purgeOccasionally();
                });
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (loop != null) {
            loop.stop(config.sendTimeout());
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** Asks the relay to look at the outbox once the caller's transaction, which added events, has committed. */
    public void wakeUpAfterCommit(TransactionSynchronizationRegistry transactions) {
        if (loop != null) {
            loop.wakeUpAfterCommit(transactions);
        }
    }

    /** The last relay error, or null when the last attempt reached the broker. */
    public String lastError() {
        return lastError;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** Events written but not yet acknowledged by the broker. */
    public long backlog() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from {h-schema}outbox_event where sent_at is null")
                .getSingleResult()).longValue());
    }

    /** Sends one batch in one transaction; returns how many events it published. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(hashtext(:name))")
                    .setParameter("name", "certlife.outbox." + schema)
                    .getSingleResult();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                            select seq, topic, event_key, payload from {h-schema}outbox_event
                            where sent_at is null order by seq limit :limit""")
                    .setParameter("limit", config.batchSize())
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            List<Long> seqs = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                ProducerRecord<String, String> record = new ProducerRecord<>((String) row[1], (String) row[2], (String) row[3]);
                record.headers().add(CloudEvent.CONTENT_TYPE_HEADER,
                        CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(record));
                seqs.add(((Number) row[0]).longValue());
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            entityManager.createNativeQuery("update {h-schema}outbox_event set sent_at = now() where seq in (:seqs)")
                    .setParameter("seqs", seqs)
                    .executeUpdate();
            relayed.increment(rows.size());
            return rows.size();
        });
    }

    private void purgeOccasionally() {
        Instant now = Instant.now();
        if (now.isBefore(lastPurge.plusSeconds(3600))) {
            return;
        }
        lastPurge = now;
        purge(now);
    }

    /**
     * The delivery tables only grow otherwise: sent outbox events older than {@code certlife.outbox.retention}, and
     * processed-event ids and resolved dead letters older than {@code certlife.inbox.retention}, are deleted; returns how
     * many of each.
     */
    public int[] purge(Instant now) {
        java.time.OffsetDateTime at = java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC);
        int sent = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "delete from {h-schema}outbox_event where sent_at < :cutoff")
                .setParameter("cutoff", at.minus(config.retention()))
                .executeUpdate());
        int processed = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "delete from {h-schema}processed_event where processed_at < :cutoff")
                .setParameter("cutoff", at.minus(inbox.retention()))
                .executeUpdate());
        int resolved = deadLetters.purge(now, inbox.retention());
        if (sent + processed + resolved > 0) {
            LOG.infof("Purged %d sent outbox events older than %s, %d processed-event ids and %d resolved dead letters older "
                    + "than %s", sent, config.retention(), processed, resolved, inbox.retention());
        }
        return new int[] {sent, processed, resolved};
    }
}
