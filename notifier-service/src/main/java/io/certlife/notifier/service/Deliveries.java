package io.certlife.notifier.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.NotificationFailedV1;
import io.certlife.events.NotificationSentV1;
import io.certlife.events.ServerRole;
import io.certlife.notifier.Alert;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.DigestPreference;
import io.certlife.notifier.RoutingRule;
import io.certlife.notifier.channel.DeliveryFailure;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.config.NotifierConfig;
import io.certlife.notifier.estate.EstateView;
import io.certlife.notifier.estate.TransactionMemo;
import io.certlife.notifier.policy.Backoff;
import io.certlife.notifier.policy.DigestTime;
import io.certlife.notifier.policy.Grouping;
import io.certlife.notifier.policy.Routing;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The delivery ledger: routes alerts to (channel, recipient) pairs and writes one ledger line per pair in the
 * caller's transaction, keyed by (event, channel, recipient) so a redelivered event adds nothing; then records
 * what the dispatcher achieved, with {@code NotificationSent} / {@code NotificationFailed} through the outbox.
 */
@ApplicationScoped
public class Deliveries {

    static final String SOURCE = "/certlife/notifier";
    /** A recipient that stands for the owning team's email address or chat endpoint. */
    public static final String OWNER = "@owner";

    /** Where one message goes. */
    public record Route(ChannelType channel, String recipient) {
    }

    /**
     * Until when a queued message waits, whether it joins the recipient's digest, and the group whose due messages go out
     * with it (null: it goes alone); {@link #NOW} sends at once, alone.
     */
    public record Hold(Instant until, boolean digest, String group) {
        public static final Hold NOW = new Hold(null, false, null);
    }

    /** A group's queued message (when it goes; null when nothing is queued) and when its last message went, in this transaction. */
    private static final class GroupState {
        Instant pending;
        final Instant lastSent;

        GroupState(Instant pending, Instant lastSent) {
            this.pending = pending;
            this.lastSent = lastSent;
        }
    }

    @Inject
    EntityManager entityManager;

    @Inject
    EstateView estate;

    @Inject
    NotifierConfig config;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    Dispatcher dispatcher;

    @Inject
    MeterRegistry metrics;

    @Inject
    TransactionMemo memo;

    /** Routes an alert by the rules and queues its message; held for the owner's digest unless it always alerts. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void routeAlert(Alert alert, List<ServerRole> roles, Message message) {
        Routing.Subject subject = new Routing.Subject(alert.kind.name(), alert.severity, alert.site, roles, alert.owner);
        Set<Route> routes = new LinkedHashSet<>();
        for (RoutingRule rule : memo.get(RoutingRule.class, () -> RoutingRule.<RoutingRule>listAll())) {
            if (Routing.matches(rule, subject)) {
                for (String recipient : rule.recipients) {
                    resolve(recipient, rule.channel, alert.owner).ifPresent(r -> routes.add(new Route(rule.channel, r)));
                }
            }
        }
        Optional<Instant> digestAt = alert.kind.alwaysAlerts() ? Optional.empty() : digestAt(alert.owner, alert.site);
        // a finding often lasts only seconds while an estate is being edited: it waits out a grace period, and one
        // resolved meanwhile cancels the message before anybody saw it
        Instant graceEnd = alert.kind == AlertKind.POLICY_FINDING && !config.findingGrace().isZero()
                ? clock.instant().plus(config.findingGrace()) : null;
        for (Route route : routes) {
            Hold hold;
            if (route.channel().digestible() && digestAt.isPresent()) {
                hold = new Hold(digestAt.get(), true, null);
            } else if (grouping().enabled()) {
                hold = grouped(Grouping.key(alert.owner, route.channel(), route.recipient()),
                        alert.severity == Alert.Severity.CRITICAL, graceEnd);
            } else {
                hold = new Hold(graceEnd, false, null);
            }
            queue(alert.sourceEventId, route, Delivery.Kind.ALERT, alert.id, null, message, hold);
        }
    }

    private Grouping.Policy grouping() {
        NotifierConfig.Grouping g = config.grouping();
        return new Grouping.Policy(g.groupWait(), g.groupInterval(), g.criticalWait());
    }

    /**
     * When a message of this group goes ({@link Grouping#due}); not before {@code notBefore} (a finding's grace). A critical
     * message due before the group's queued one takes that one's lines with it. A finding's line never sets its group's
     * time: its own time is its grace, which the group's other alerts do not wait for and a critical alert does not cut
     * short.
     */
    private Hold grouped(String group, boolean critical, Instant notBefore) {
        Instant now = clock.instant();
        // the group's first pending line, and whether one is being sent, read by walking the partial indexes on a group's
        // lines (V7) to the first match; min() and count() read every line of the group (a burst's intake spent 18 ms
        // on each lookup, its groups holding thousands of lines)
        GroupState state = memo.get(List.of(GroupState.class, group), () -> new GroupState(
                entityManager.createQuery("""
                                select d.nextAttemptAt from Delivery d
                                where d.groupKey = ?1 and d.status = PENDING and d.attempts = 0
                                  and not exists (select 1 from Alert a where a.id = d.alertId and a.kind = POLICY_FINDING)
                                order by d.nextAttemptAt""", Instant.class)
                        .setParameter(1, group).setMaxResults(1).getResultStream().findFirst().orElse(null),
                // a message of the group being sent right now counts as sent now
                entityManager.createQuery("select d.id from Delivery d where d.groupKey = ?1 and d.status = SENDING", UUID.class)
                        .setParameter(1, group).setMaxResults(1).getResultList().isEmpty()
                        ? entityManager.createQuery("select max(d.sentAt) from Delivery d where d.groupKey = ?1 and d.status = SENT",
                                Instant.class).setParameter(1, group).getSingleResult()
                        : now));
        Instant due = Grouping.due(now, critical, grouping(), Optional.ofNullable(state.pending), Optional.ofNullable(state.lastSent));
        if (notBefore != null && notBefore.isAfter(due)) {
            return new Hold(notBefore, false, group);
        }
        if (state.pending != null && due.isBefore(state.pending)) {
            entityManager.createQuery("""
                            update Delivery d set d.nextAttemptAt = ?1
                            where d.groupKey = ?2 and d.status = PENDING and d.attempts = 0 and d.nextAttemptAt = ?3
                              and not exists (select 1 from Alert a where a.id = d.alertId and a.kind = POLICY_FINDING)""")
                    .setParameter(1, due).setParameter(2, group).setParameter(3, state.pending).executeUpdate();
        }
        state.pending = due;
        return new Hold(due, false, group);
    }

    /** Queues one message; returns false when the ledger already has this (event, channel, recipient). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean queue(String sourceEventId, Route route, Delivery.Kind kind, UUID alertId, UUID taskId, Message message,
                         Hold hold) {
        // The inbox serialises work per event id, so this check cannot race with another insert of the same line.
        IntakeBatch batch = IntakeBatch.current(memo);
        boolean known = batch != null && batch.knowsLinesOf(sourceEventId)
                ? !batch.addLine(sourceEventId, route.channel(), route.recipient())
                : Delivery.count("sourceEventId = ?1 and channel = ?2 and recipient = ?3",
                        sourceEventId, route.channel(), route.recipient()) > 0;
        if (known) {
            return false;
        }
        Delivery d = new Delivery();
        d.id = UUID.randomUUID();
        d.sourceEventId = sourceEventId;
        d.channel = route.channel();
        d.recipient = route.recipient();
        d.kind = kind;
        d.alertId = alertId;
        d.taskId = taskId;
        d.status = Delivery.Status.PENDING;
        d.digest = hold.digest();
        d.groupKey = hold.group();
        d.createdAt = clock.instant();
        d.nextAttemptAt = hold.until() == null ? d.createdAt : hold.until();
        d.message = message;
        d.persist();
        if (!d.nextAttemptAt.isAfter(d.createdAt)) {
            dispatcher.wakeUpAfterCommit(route.channel(), transactions);
        }
        return true;
    }

    /** An address or endpoint; {@code @owner} becomes the owning team's email (EMAIL) or its chat endpoint of that type. */
    public Optional<String> resolve(String recipient, ChannelType channel, String owner) {
        if (!OWNER.equals(recipient)) {
            return Optional.of(recipient);
        }
        return Optional.ofNullable(owner).flatMap(estate::team).map(team -> channel == ChannelType.EMAIL
                ? team.email()
                : (team.chatChannel() != null && config.endpoints().containsKey(team.chatChannel())
                        && config.endpoints().get(team.chatChannel()).type() == channel ? team.chatChannel() : null));
    }

    private Optional<Instant> digestAt(String owner, String site) {
        if (owner == null) {
            return Optional.empty();
        }
        DigestPreference preference = memo.get(List.of(DigestPreference.class, owner), () -> DigestPreference.findById(owner));
        return Optional.ofNullable(preference).map(p -> DigestTime.next(clock.instant(), p.localTime, estate.zone(site)));
    }

    /** Cancels the queued, unsent messages of these alerts; returns the routes that already received one of them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Route> cancelPending(List<UUID> alertIds) {
        entityManager.createQuery("update Delivery d set d.status = ?1 where d.alertId in ?2 and d.status = ?3")
                .setParameter(1, Delivery.Status.CANCELLED).setParameter(2, alertIds).setParameter(3, Delivery.Status.PENDING)
                .executeUpdate();
        return entityManager.createQuery("""
                        select distinct d.channel, d.recipient from Delivery d
                        where d.alertId in ?1 and d.status in ?2""", Object[].class)
                .setParameter(1, alertIds).setParameter(2, List.of(Delivery.Status.SENT, Delivery.Status.SENDING))
                .getResultList().stream().map(r -> new Route((ChannelType) r[0], (String) r[1])).toList();
    }

    /**
     * What one send achieved for its ledger lines (several for a group or a digest), sent as message {@code messageId}:
     * delivered when {@code failure} is null.
     */
    public record Outcome(List<UUID> ids, UUID messageId, DeliveryFailure failure) {
    }

    /**
     * Records a dispatch round's outcomes in one transaction, for the lines that still hold the round's lease token
     * (another dispatcher may have taken over a line whose lease ended); returns how many lines it recorded. The
     * delivered lines are marked sent in one statement.
     */
    @Transactional
    public int record(List<Outcome> outcomes, UUID leaseToken) {
        List<CloudEvent<?>> events = new ArrayList<>();
        int recorded = 0;
        List<String> sentIds = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.failure() == null) {
                outcome.ids().forEach(id -> {
                    sentIds.add(id.toString());
                    messageIds.add(outcome.messageId().toString());
                });
            }
        }
        if (!sentIds.isEmpty()) {
            // no result class: see Dispatcher.claim. The pairs are unnested once (materialized): with the statistics of a
            // ledger that a burst has just filled, the planner joined each line to the unnest run again, casts and all,
            // for every line (a fifth of a second for a round of 500)
            List<?> sent = entityManager.createNativeQuery("""
                            with u as materialized (
                                select * from unnest(cast(cast(?2 as text[]) as uuid[]), cast(cast(?3 as text[]) as uuid[]))
                                    as u(id, message_id))
                            update {h-schema}delivery d set status = 'SENT', sent_at = cast(?1 as timestamptz), lease_until = null,
                                last_error = null, lease_token = null, message_id = u.message_id
                            from u
                            where d.id = u.id and d.status = 'SENDING' and d.lease_token = ?4
                            returning d.id, d.source_event_id, d.channel, d.recipient""")
                    .setParameter(1, clock.instant())
                    .setParameter(2, sentIds.toArray(String[]::new))
                    .setParameter(3, messageIds.toArray(String[]::new))
                    .setParameter(4, leaseToken)
                    .getResultList();
            for (Object line : sent) {
                Object[] row = (Object[]) line;
                String id = row[0].toString();
                String channel = (String) row[2];
                metrics.counter("certlife.notifier.deliveries", "channel", channel, "outcome", "sent").increment();
                events.add(CloudEvent.create(SOURCE, id, new NotificationSentV1(id, (String) row[1], channel, (String) row[3]), clock));
            }
            recorded += sent.size();
        }
        List<Outcome> failed = outcomes.stream().filter(o -> o.failure() != null).toList();
        if (!failed.isEmpty()) {
            Map<UUID, Delivery> claimed = Delivery.<Delivery>list("id in ?1 and status = ?2 and leaseToken = ?3",
                            failed.stream().flatMap(o -> o.ids().stream()).toList(), Delivery.Status.SENDING, leaseToken).stream()
                    .collect(Collectors.toMap(d -> d.id, d -> d));
            for (Outcome outcome : failed) {
                List<Delivery> lines = outcome.ids().stream().map(claimed::get).filter(Objects::nonNull).toList();
                // one retry time for all the lines of a message: a group's lines, each with its own jitter, fell due one
                // by one and went as separate messages
                Instant retryAt = clock.instant().plus(retryDelay(lines.stream().mapToInt(d -> d.attempts).max().orElse(0),
                        outcome.failure()));
                for (Delivery d : lines) {
                    d.leaseToken = null;
                    d.messageId = outcome.messageId();
                    CloudEvent<?> event = failed(d, outcome.failure(), retryAt);
                    if (event != null) {
                        events.add(event);
                    }
                }
            }
            recorded += claimed.size();
        }
        outbox.publishAll(events);
        return recorded;
    }

    /**
     * A failed attempt: retried at {@code retryAt} while transient and attempts remain (returns null), else failed for
     * good (returns its {@code NotificationFailed}).
     */
    private CloudEvent<?> failed(Delivery d, DeliveryFailure failure, Instant retryAt) {
        d.leaseUntil = null;
        d.lastError = failure.reason() + ": " + failure.getMessage();
        if (failure.isTransient() && d.attempts < config.delivery().maxAttempts()) {
            d.status = Delivery.Status.PENDING;
            d.nextAttemptAt = retryAt;
            metrics.counter("certlife.notifier.deliveries", "channel", d.channel.name(), "outcome", "retry").increment();
            return null;
        }
        String reason = failure.isTransient() ? DeliveryFailure.Reason.ATTEMPTS_EXHAUSTED : failure.reason();
        d.status = Delivery.Status.FAILED;
        d.lastError = reason + ": " + failure.getMessage();
        metrics.counter("certlife.notifier.deliveries", "channel", d.channel.name(), "outcome", "failed").increment();
        return CloudEvent.create(SOURCE, d.id.toString(), new NotificationFailedV1(d.id.toString(),
                d.sourceEventId, d.channel.name(), d.recipient, reason, failure.getMessage()), clock);
    }

    /** How long a message that failed on its {@code attempts}th attempt waits: backoff with jitter, or the server's Retry-After. */
    private Duration retryDelay(int attempts, DeliveryFailure failure) {
        NotifierConfig.Delivery settings = config.delivery();
        // a server's Retry-After is honoured up to max-retry-after: "come back in a year" must not park an alert
        Duration retryAfter = failure.retryAfter().map(r -> r.compareTo(settings.maxRetryAfter()) > 0
                ? settings.maxRetryAfter() : r).orElse(null);
        return Backoff.delay(attempts, settings.initialBackoff(), settings.maxBackoff(),
                ThreadLocalRandom.current().nextDouble(0.8, 1.2), retryAfter);
    }

    /** The delivery log, newest first, at most {@code limit} lines, optionally of one event, alert, status or channel. */
    public List<Delivery> search(String sourceEventId, UUID alertId, Delivery.Status status, ChannelType channel, int limit) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (sourceEventId != null) {
            where.add("sourceEventId = :event");
            parameters.and("event", sourceEventId);
        }
        if (alertId != null) {
            where.add("alertId = :alert");
            parameters.and("alert", alertId);
        }
        if (status != null) {
            where.add("status = :status");
            parameters.and("status", status);
        }
        if (channel != null) {
            where.add("channel = :channel");
            parameters.and("channel", channel);
        }
        Sort newest = Sort.descending("createdAt");
        return (where.isEmpty() ? Delivery.<Delivery>findAll(newest)
                : Delivery.<Delivery>find(String.join(" and ", where), newest, parameters)).page(Page.ofSize(limit)).list();
    }
}
