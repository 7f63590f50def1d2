package io.certlife.notifier.service;

import io.certlife.delivery.WorkerLoop;
import io.certlife.notifier.Alert;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.channel.Channel;
import io.certlife.notifier.channel.DeliveryFailure;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.config.NotifierConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Sends what the ledger has queued. Each round claims due deliveries with {@code FOR UPDATE SKIP LOCKED} and a
 * lease (so replicas share the work and a crashed replica's claims are taken over when the lease ends), sends
 * them in parallel, one failing channel never holding up another, and records the round's outcomes in one
 * transaction. Digest deliveries
 * due together for one recipient go as one message. Delivery is at-least-once: a crash after sending and
 * before recording resends once the lease ends.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    @Inject
    EntityManager entityManager;

    @Inject
    NotifierConfig config;

    @Inject
    Clock clock;

    @Inject
    Deliveries deliveries;

    @Inject
    Instance<Channel> channels;

    private final Map<ChannelType, Channel> byType = new EnumMap<>(ChannelType.class);
    private WorkerLoop loop;
    private ExecutorService senders;

    void start(@Observes StartupEvent startup) {
        channels.forEach(c -> byType.put(c.type(), c));
        if (!config.delivery().enabled()) {
            LOG.info("Dispatcher disabled (certlife.notifier.delivery.enabled=false): deliveries stay queued");
            return;
        }
        senders = Executors.newFixedThreadPool(config.delivery().senders(), r -> {
            Thread t = new Thread(r, "notification-sender");
            t.setDaemon(true);
            return t;
        });
        loop = new WorkerLoop("notification-dispatcher", config.delivery().pollInterval(), config.delivery().batchSize(),
                this::dispatchOnce, e -> { }, () -> { });
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(10));
            senders.shutdownNow();
        }
    }

    /** Asks the dispatcher to look once the caller's transaction, which queued a message, has committed. */
    public void wakeUpAfterCommit(TransactionSynchronizationRegistry transactions) {
        if (loop != null) {
            loop.wakeUpAfterCommit(transactions);
        }
    }

    /** Claims, sends and records one batch; returns how many deliveries it claimed. */
    int dispatchOnce() {
        List<Delivery> claimed = claim();
        List<CompletableFuture<Deliveries.Outcome>> sends = new ArrayList<>();
        Map<List<Object>, List<Delivery>> digests = new LinkedHashMap<>();
        for (Delivery d : claimed) {
            if (d.digest) {
                digests.computeIfAbsent(List.of(d.channel, d.recipient), k -> new ArrayList<>()).add(d);
            } else {
                sends.add(send(List.of(d.id), d.channel, d.recipient, d.message));
            }
        }
        digests.values().forEach(group -> sends.add(group.size() == 1
                ? send(List.of(group.get(0).id), group.get(0).channel, group.get(0).recipient, group.get(0).message)
                : send(group.stream().map(d -> d.id).toList(), group.get(0).channel, group.get(0).recipient, digest(group))));
        if (!sends.isEmpty()) {
            deliveries.record(sends.stream().map(CompletableFuture::join).toList());
        }
        return claimed.size();
    }

    private CompletableFuture<Deliveries.Outcome> send(List<UUID> ids, ChannelType type, String recipient, Message message) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Channel channel = byType.get(type);
                if (channel == null) {
                    throw DeliveryFailure.permanent(DeliveryFailure.Reason.UNKNOWN_ENDPOINT, "no channel for " + type);
                }
                channel.send(recipient, message);
                return new Deliveries.Outcome(ids, null);
            } catch (DeliveryFailure failure) {
                LOG.infof("Delivery to %s %s failed (%s): %s", type, recipient, failure.reason(), failure.getMessage());
                return new Deliveries.Outcome(ids, failure);
            } catch (RuntimeException e) {
                LOG.warnf("Delivery to %s %s failed unexpectedly: %s", type, recipient, e.toString());
                return new Deliveries.Outcome(ids, DeliveryFailure.retry(DeliveryFailure.Reason.UNREACHABLE, e.toString()));
            }
        }, senders);
    }

    private List<Delivery> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            // no result class: Hibernate 7 caches a native query with one under a key that never matches the next
            // call's, so every claim would add to (and search) its interpretation cache
            List<?> rows = entityManager.createNativeQuery("""
                            update {h-schema}delivery d set status = 'SENDING', lease_until = cast(:lease as timestamptz), attempts = d.attempts + 1
                            where d.id in (
                                select id from {h-schema}delivery
                                where (status = 'PENDING' and next_attempt_at <= cast(:now as timestamptz))
                                   or (status = 'SENDING' and lease_until < cast(:now as timestamptz))
                                order by next_attempt_at
                                limit :limit
                                for update skip locked)
                            returning d.id""")
                    .setParameter("lease", now.plus(config.delivery().lease()))
                    .setParameter("now", now)
                    .setParameter("limit", config.delivery().batchSize())
                    .getResultList();
            List<UUID> ids = rows.stream().map(UUID.class::cast).toList();
            if (ids.isEmpty()) {
                return List.<Delivery>of();
            }
            List<Delivery> claimed = Delivery.list("id in ?1", ids);
            claimed.forEach(entityManager::detach);
            return claimed;
        });
    }

    /** One message standing for several held alerts: the most severe first. */
    static Message digest(List<Delivery> group) {
        List<Message> messages = group.stream().map(d -> d.message)
                .sorted(Comparator.comparing(Message::severity).reversed()).toList();
        Alert.Severity severity = messages.get(0).severity();
        return new Message(severity, "certlife digest: " + messages.size() + " alerts", "What happened since the last digest, most urgent first.",
                List.of(), messages.stream().map(Message::title).toList(), null);
    }
}
