package io.certlife.notifier.service;

import io.certlife.delivery.WorkerLoop;
import io.certlife.notifier.Alert;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.channel.Channel;
import io.certlife.notifier.channel.DeliveryFailure;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.config.NotifierConfig;
import io.certlife.notifier.policy.Grouping;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Sends what the ledger has queued, one lane per channel (email, Slack, Teams, webhooks), so that a slow or failing
 * endpoint only slows its own channel. Each round of a lane claims due deliveries with {@code FOR UPDATE SKIP LOCKED}
 * under a fresh lease token and a lease ({@code delivery.lease}), which it renews every third of the lease while its
 * sends run; outcomes are recorded in one transaction and only for the lines that still hold the round's token, so a
 * replica that took over an expired lease is never overwritten and never sends alongside a live holder. Every send is
 * bounded ({@code http-timeout}, {@code smtp-timeout}). A recipient's digest lines due together go as one message, and
 * so do a group's (its route's) due lines ({@link Grouping}). Recording waits out a database that is away for as long as the round's lease lasts. Delivery is
 * at-least-once: a crash after sending and before recording (or a database away for longer than the lease) resends once
 * the lease ends, with the same message id.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration RECORD_RETRY = Duration.ofSeconds(1);
    /**
     * The most lines a round takes in groups other than those of its due lines (which it takes whole, however large):
     * it adds such groups whole, in order, while they stay within this.
     */
    private static final int GROUP_LIMIT = 5_000;

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

    @Inject
    MeterRegistry meters;

    /** One channel's loop and senders, and how its last round went (for readiness details). */
    private final class Lane {
        final ChannelType type;
        final ExecutorService senders;
        final WorkerLoop loop;
        volatile String lastError;
        volatile Instant lastRound;

        Lane(ChannelType type) {
            this.type = type;
            this.senders = Executors.newFixedThreadPool(config.delivery().senders(), r -> {
                Thread t = new Thread(r, "notification-sender-" + type.name().toLowerCase(Locale.ROOT));
                t.setDaemon(true);
                return t;
            });
            this.loop = new WorkerLoop("notification-dispatcher-" + type.name().toLowerCase(Locale.ROOT),
                    config.delivery().pollInterval(), config.delivery().batchSize(), () -> dispatchOnce(this), e -> {
                        lastError = e.toString();
                        meters.counter("certlife.notifier.dispatch.failures", "channel", type.name()).increment();
                    }, () -> {
                        lastError = null;
                        lastRound = Instant.now();
                    });
        }
    }

    private final Map<ChannelType, Channel> byType = new EnumMap<>(ChannelType.class);
    private final Map<ChannelType, Lane> lanes = new EnumMap<>(ChannelType.class);

    void start(@Observes StartupEvent startup) {
        channels.forEach(c -> byType.put(c.type(), c));
        if (!config.delivery().enabled()) {
            LOG.info("Dispatcher disabled (certlife.notifier.delivery.enabled=false): deliveries stay queued");
            return;
        }
        for (ChannelType type : ChannelType.values()) {
            Lane lane = new Lane(type);
            lanes.put(type, lane);
            lane.loop.start();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        lanes.values().forEach(lane -> {
            lane.loop.stop(Duration.ofSeconds(10));
            lane.senders.shutdownNow();
        });
    }

    /** Asks the channel's lane to look once the caller's transaction, which queued a message for it, has committed. */
    public void wakeUpAfterCommit(ChannelType channel, TransactionSynchronizationRegistry transactions) {
        Lane lane = lanes.get(channel);
        if (lane != null) {
            lane.loop.wakeUpAfterCommit(transactions);
        }
    }

    /** How a channel's lane is doing: its last round's failure (null when it succeeded), when a round last succeeded. */
    public record LaneState(String lastError, Instant lastRound) {
    }

    public Map<ChannelType, LaneState> lanes() {
        Map<ChannelType, LaneState> state = new EnumMap<>(ChannelType.class);
        lanes.forEach((type, lane) -> state.put(type, new LaneState(lane.lastError, lane.lastRound)));
        return state;
    }

    /** Claims, sends and records one batch of a channel; returns how many deliveries it claimed. */
    int dispatchOnce(Lane lane) throws InterruptedException {
        UUID token = UUID.randomUUID();
        Instant leaseEnd = clock.instant().plus(config.delivery().lease());
        List<Claimed> claimed = claim(lane.type, token);
        // lines that go together: a recipient's digest, a route's group; any other line goes alone
        Map<String, List<Claimed>> together = new LinkedHashMap<>();
        for (Claimed c : claimed) {
            String key = c.digest() ? "digest|" + c.recipient() : c.groupKey() != null ? "group|" + c.groupKey() : "alone|" + c.id();
            together.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        Map<UUID, Message> messages = messagesOf(together.values().stream().filter(lines -> lines.size() == 1)
                .map(lines -> lines.get(0).id()).toList());
        List<CompletableFuture<Deliveries.Outcome>> sends = new ArrayList<>();
        for (List<Claimed> lines : together.values()) {
            Claimed first = lines.get(0);
            if (lines.size() == 1) {
                sends.add(send(lane, List.of(first.id()), first.id(), first.recipient(), messages.get(first.id())));
            } else {
                List<UUID> ids = lines.stream().map(Claimed::id).toList();
                UUID messageId = Grouping.messageId(ids);
                Message combined = Grouping.combine(lines.stream()
                                .map(c -> new Grouping.Member(c.headline(), c.alert(), c.sourceEventId())).toList(),
                        first.digest(), lane.type, first.recipient(), messageId, clock.instant());
                sends.add(send(lane, ids, messageId, first.recipient(), combined));
            }
        }
        if (!sends.isEmpty()) {
            leaseEnd = awaitRenewingLease(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), token, leaseEnd);
            int recorded = recordWhileLeased(sends.stream().map(CompletableFuture::join).toList(), token, leaseEnd);
            int lost = claimed.size() - recorded;
            if (lost > 0) {
                meters.counter("certlife.notifier.deliveries.fenced", "channel", lane.type.name()).increment(lost);
                LOG.warnf("%d %s deliveries of this round were taken over by another dispatcher; their outcomes here are "
                        + "not recorded", lost, lane.type);
            }
        }
        return claimed.size();
    }

    /**
     * Waits for the round's sends, extending its lease every third of the lease meanwhile; returns when the lease now
     * ends. A renewal the database refuses (it is away) leaves the lease as it was: the sends go on.
     */
    private Instant awaitRenewingLease(CompletableFuture<Void> round, UUID token, Instant leaseEnd) throws InterruptedException {
        Duration lease = config.delivery().lease();
        while (true) {
            try {
                round.get(Math.max(lease.toMillis() / 3, 1), TimeUnit.MILLISECONDS);
                return leaseEnd;
            } catch (TimeoutException stillSending) {
                Instant renewed = clock.instant().plus(lease);
                try {
                    QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                                    update {h-schema}delivery set lease_until = cast(:lease as timestamptz)
                                    where lease_token = :token and status = 'SENDING'""")
                            .setParameter("lease", renewed)
                            .setParameter("token", token)
                            .executeUpdate());
                    leaseEnd = renewed;
                } catch (RuntimeException e) {
                    LOG.warnf("could not extend the lease of a dispatch round (it ends at %s): %s", leaseEnd, e.toString());
                }
            } catch (ExecutionException e) {
                return leaseEnd; // every send turns its own failures into an outcome; join() reports anything else
            }
        }
    }

    /**
     * Records the round's outcomes; while the database refuses (a restart, a failover) it tries again every second
     * until the round's lease ends, so that messages already sent are not sent again by whoever claims them next.
     */
    private int recordWhileLeased(List<Deliveries.Outcome> outcomes, UUID token, Instant leaseEnd) throws InterruptedException {
        while (true) {
            try {
                return deliveries.record(outcomes, token);
            } catch (RuntimeException e) {
                if (clock.instant().plus(RECORD_RETRY).isAfter(leaseEnd)) {
                    throw e;
                }
                LOG.warnf("could not record %d sent or failed deliveries, trying again until their lease ends at %s: %s",
                        outcomes.size(), leaseEnd, e.toString());
                Thread.sleep(RECORD_RETRY.toMillis());
            }
        }
    }

    private CompletableFuture<Deliveries.Outcome> send(Lane lane, List<UUID> ids, UUID messageId, String recipient, Message message) {
        ChannelType type = lane.type;
        return CompletableFuture.supplyAsync(() -> {
            try {
                Channel channel = byType.get(type);
                if (channel == null) {
                    throw DeliveryFailure.permanent(DeliveryFailure.Reason.UNKNOWN_ENDPOINT, "no channel for " + type);
                }
                channel.send(recipient, message);
                return new Deliveries.Outcome(ids, messageId, null);
            } catch (DeliveryFailure failure) {
                LOG.infof("Delivery to %s %s failed (%s): %s", type, recipient, failure.reason(), failure.getMessage());
                return new Deliveries.Outcome(ids, messageId, failure);
            } catch (RuntimeException e) {
                LOG.warnf("Delivery to %s %s failed unexpectedly: %s", type, recipient, e.toString());
                return new Deliveries.Outcome(ids, messageId, DeliveryFailure.retry(DeliveryFailure.Reason.UNREACHABLE, e.toString()));
            }
        }, lane.senders);
    }

    /**
     * A group's due lines whose route got a message less than group-interval ago wait until then (an intake transaction
     * that began before that message may have queued them for its time); critical ones go now. Nothing to hold with
     * grouping off (group-wait 0s).
     */
    private void holdForGroupInterval(ChannelType channel, Instant now) {
        // the held groups are found once (materialized): with the statistics of a ledger that a burst has just filled the
        // planner thought the due lines one and ran the groups' query again for each of them (8.7 s for 8,500 lines)
        entityManager.createNativeQuery("""
                        with held as materialized (
                            select g.group_key, g.follow_up
                            from (select due.group_key, cast(:interval as interval) + (select max(s.sent_at)
                                      from {h-schema}delivery s where s.group_key = due.group_key and s.status = 'SENT') as follow_up
                                  from (select distinct group_key from {h-schema}delivery
                                        where channel = :channel and status = 'PENDING' and attempts = 0
                                          and group_key is not null and next_attempt_at <= cast(:now as timestamptz)) due) g
                            where g.follow_up > cast(:now as timestamptz))
                        update {h-schema}delivery d set next_attempt_at = held.follow_up
                        from held
                        where d.group_key = held.group_key and d.channel = :channel and d.status = 'PENDING'
                          and d.attempts = 0 and d.next_attempt_at <= cast(:now as timestamptz)
                          and not exists (select 1 from {h-schema}alert a where a.id = d.alert_id and a.severity = 'CRITICAL')""")
                .setParameter("interval", config.grouping().groupInterval().toMillis() + " milliseconds")
                .setParameter("channel", channel.name())
                .setParameter("now", now)
                .executeUpdate();
    }

    /**
     * A claimed line without its whole message, and what its alert is about: a group's message is made from its lines'
     * severities, titles and summaries (read from the message document by the claim itself) and their alerts' columns
     * (joined by the claim), so a round of thousands of grouped lines neither loads and parses each line's whole message
     * (its body and the event it carries) nor loads their alerts.
     */
    private record Claimed(UUID id, String recipient, boolean digest, String groupKey, UUID alertId, String sourceEventId,
                           Alert.Severity severity, String title, String summary, String kind, String certificateId,
                           String server, String site, String owner) {
        Message headline() {
            return new Message(severity, title, summary, List.of(), List.of(), null);
        }

        /** The line's alert as far as a group's message tells of it (not a loaded entity); null for a line of none. */
        Alert alert() {
            if (alertId == null || kind == null) {
                return null;
            }
            Alert alert = new Alert();
            alert.id = alertId;
            alert.kind = AlertKind.valueOf(kind);
            alert.certificateId = certificateId;
            alert.server = server;
            alert.site = site;
            alert.owner = owner;
            return alert;
        }
    }

    private List<Claimed> claim(ChannelType channel, UUID token) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            if (!config.grouping().groupWait().isZero()) {
                holdForGroupInterval(channel, now);
            }
            // no result class: Hibernate 7 caches a native query with one under a key that never matches the next
            // call's, so every claim would add to (and search) its interpretation cache
            // the due lines, every other due line of their groups (so that a group goes as one message), and the channel's
            // other due groups, whole, while they add at most GROUP_LIMIT lines, so that a round sends many groups at once
            // (a burst's groups fall due one after another, so the first due lines are often all one group's) and never
            // cuts a group in two (the rest would wait a group interval). The groups and the ids are arrays made once:
            // with the statistics of a ledger that a burst has just filled, the planner joined each due line of the
            // groups to every claimed line (600,000 comparisons, up to a second a round)
            List<?> rows = entityManager.createNativeQuery("""
                            with due as (
                                select id, group_key from {h-schema}delivery
                                where channel = :channel
                                  and ((status = 'PENDING' and next_attempt_at <= cast(:now as timestamptz))
                                    or (status = 'SENDING' and lease_until < cast(:now as timestamptz)))
                                order by next_attempt_at
                                limit :limit
                                for update skip locked),
                            due_groups as materialized (
                                select array(select distinct group_key from due where group_key is not null) as keys),
                            others as (
                                select d.group_key, sum(count(*)) over (order by d.group_key) as lines
                                from {h-schema}delivery d, due_groups g
                                where d.channel = :channel and d.status = 'PENDING' and d.next_attempt_at <= cast(:now as timestamptz)
                                  and d.group_key is not null and d.group_key <> all(g.keys)
                                group by d.group_key),
                            grouped as (
                                select d.id from {h-schema}delivery d, due_groups g
                                where d.channel = :channel and d.status = 'PENDING' and d.next_attempt_at <= cast(:now as timestamptz)
                                  and d.group_key = any(g.keys || array(select group_key from others where lines <= :groupLimit))
                                  and d.id not in (select id from due)
                                for update of d skip locked),
                            claimed as (
                                update {h-schema}delivery d set status = 'SENDING', lease_until = cast(:lease as timestamptz),
                                    lease_token = :token, attempts = d.attempts + 1
                                where d.id = any(array(select id from due union all select id from grouped))
                                returning d.id, d.recipient, d.digest, d.group_key, d.alert_id, d.source_event_id,
                                    d.message ->> 'severity' as severity, d.message ->> 'title' as title,
                                    d.message ->> 'summary' as summary)
                            select c.id, c.recipient, c.digest, c.group_key, c.alert_id, c.source_event_id, c.severity, c.title,
                                c.summary, a.kind, a.certificate_id, a.server, a.site, a.owner
                            from claimed c left join {h-schema}alert a on a.id = c.alert_id""")
                    .setParameter("lease", now.plus(config.delivery().lease()))
                    .setParameter("token", token)
                    .setParameter("channel", channel.name())
                    .setParameter("now", now)
                    .setParameter("limit", config.delivery().batchSize())
                    .setParameter("groupLimit", GROUP_LIMIT)
                    .getResultList();
            return rows.stream().map(Object[].class::cast).map(row -> new Claimed((UUID) row[0], (String) row[1], (Boolean) row[2],
                    (String) row[3], (UUID) row[4], (String) row[5], Alert.Severity.valueOf((String) row[6]), (String) row[7],
                    (String) row[8], (String) row[9], (String) row[10], (String) row[11], (String) row[12], (String) row[13]))
                    .toList();
        });
    }

    /** The whole messages of the lines of these ids, for those that go alone. */
    private Map<UUID, Message> messagesOf(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>list("id in ?1", ids).stream()
                .collect(Collectors.toMap(d -> d.id, d -> d.message)));
    }
}
