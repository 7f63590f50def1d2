package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.SlotRef;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.config.ExpiryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The expiry sweep: emits one {@code CertificateExpiring} per certificate and ladder threshold crossed
 * (the most urgent one when several were crossed since the last sweep), one {@code CertificateExpired},
 * and {@code RenewalDue} when the renewal time has come. It works in pages, each in its own transaction,
 * locking the certificates it handles with {@code FOR UPDATE SKIP LOCKED} so that replicas share the
 * work; the {@code lifecycle_notice} primary key makes each notice happen once, whatever runs twice.
 * A replaced certificate stays watched while it still serves: while a slot has not been seen serving its replacement
 * (the replacement is pending there), and while discovery sees it served on a slot's endpoint (a server reverted to it);
 * only then does its successor carry the slots. Replacements not deployed in time are {@code DeploymentOverdue}
 * ({@link Deployments}).
 */
@ApplicationScoped
public class ExpirySweep {

    private static final Logger LOG = Logger.getLogger(ExpirySweep.class);
    static final String EXPIRED = "EXPIRED";

    /** What one sweep emitted. */
    public record Result(int expiring, int expired, int renewalDue, int deployOverdue) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    ExpiryConfig config;

    @Inject
    RenewalScheduler renewals;

    @Inject
    LifecycleNotices lifecycle;

    @Inject
    Deployments deployments;

    @Inject
    MeterRegistry meters;

    @Inject
    LastRuns lastRuns;

    @Scheduled(every = "${certlife.expiry.sweep-interval:1m}", delayed = "${certlife.expiry.sweep-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        Result result = sweep(clock.instant());
        if (result.expiring() + result.expired() + result.renewalDue() + result.deployOverdue() > 0) {
            LOG.infof("Expiry sweep: %d expiring, %d expired, %d renewal due, %d deployment overdue", result.expiring(),
                    result.expired(), result.renewalDue(), result.deployOverdue());
        }
    }

    /** Sweeps as of {@code now}; safe to run concurrently on several replicas. */
    public Result sweep(Instant now) {
        Timer.Sample sample = Timer.start(meters);
        int expiring = 0;
        int expired = 0;
        int due = 0;
        int handled;
        do {
            int[] counts = QuarkusTransaction.requiringNew().call(() -> expiryPage(now));
            expiring += counts[0];
            expired += counts[1];
            handled = counts[2];
        } while (handled == config.pageSize());
        do {
            int[] counts = QuarkusTransaction.requiringNew().call(() -> renewalPage(now));
            due += counts[0];
            handled = counts[1];
        } while (handled == config.pageSize());
        int overdue = 0;
        do {
            int[] counts = QuarkusTransaction.requiringNew().call(() -> deployments.overduePage(now));
            overdue += counts[0];
            handled = counts[1];
        } while (handled == config.pageSize());
        sample.stop(meters.timer("certlife.expiry.sweep"));
        lastRuns.record(LastRuns.EXPIRY_SWEEP, clock.instant(), String.format(
                "%d expiring, %d expired, %d renewal due, %d deployment overdue", expiring, expired, due, overdue));
        return new Result(expiring, expired, due, overdue);
    }

    /**
     * The sweep only reads entities and writes with native inserts: no flush before each query and no dirty
     * checking of the page's certificates at commit (both grow with the page otherwise).
     */
    private void readOnlySession() {
        Session session = entityManager.unwrap(Session.class);
        session.setHibernateFlushMode(FlushMode.COMMIT);
        session.setDefaultReadOnly(true);
    }

    /** Returns {expiring emitted, expired emitted, rows handled}. */
    private int[] expiryPage(Instant now) {
        readOnlySession();
        int maxDays = config.ladderDays().stream().mapToInt(Integer::intValue).max().orElse(0);
        String ladder = Stream.concat(config.ladderDays().stream(), Stream.of(0))
                .map(days -> "(" + days.intValue() + ")").collect(Collectors.joining(","));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select c.id, t.threshold, c.thumbprint_sha1, c.subject, c.not_after, c.self_signed
                        from {h-schema}certificate c
                        cross join lateral (select min(l.days) as threshold from (values %s) as l(days)
                                            where c.not_after <= cast(:now as timestamptz) + l.days * interval '1 day') t
                        where c.not_after <= :horizon
                          and (not exists (select 1 from {h-schema}certificate r where r.replaces_id = c.id)
                               or exists (select 1 from {h-schema}slot s where s.certificate_id = c.id and not s.retired)
                               or exists (select 1 from {h-schema}observation o
                                          where o.server is not null and o.thumbprint_sha1 = c.thumbprint_sha1))
                          and not exists (select 1 from {h-schema}lifecycle_notice n where n.certificate_id = c.id
                                          and n.notice = case when t.threshold = 0 then 'EXPIRED'
                                                              else 'EXPIRING_' || t.threshold end)
                        order by c.not_after
                        limit :page
                        for update of c skip locked""".formatted(ladder))
                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter("horizon", OffsetDateTime.ofInstant(now.plus(Duration.ofDays(maxDays)), ZoneOffset.UTC))
                .setParameter("page", config.pageSize())
                .getResultList();
        List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
        List<String> notices = rows.stream()
                .map(r -> ((Number) r[1]).intValue() == 0 ? EXPIRED : "EXPIRING_" + ((Number) r[1]).intValue()).toList();
        Set<UUID> claimed = lifecycle.claim(ids, notices);
        Map<UUID, List<SlotRef>> slots = lifecycle.activeSlots(claimed);
        List<CloudEvent<?>> events = new ArrayList<>(claimed.size());
        int expired = 0;
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            if (!claimed.contains(id)) {
                continue;
            }
            int threshold = ((Number) row[1]).intValue();
            Instant notAfter = instant(row[4]);
            List<SlotRef> served = slots.getOrDefault(id, List.of());
            if (threshold == 0) {
                expired++;
                events.add(CloudEvent.create(CertificateEvents.SOURCE, id.toString(), new CertificateExpiredV1(
                        id.toString(), (String) row[2], (String) row[3], notAfter, (Boolean) row[5], served), clock));
            } else {
                events.add(CloudEvent.create(CertificateEvents.SOURCE, id.toString(), new CertificateExpiringV1(
                        id.toString(), (String) row[2], (String) row[3], notAfter, threshold,
                        Duration.between(now, notAfter).toDays(), (Boolean) row[5], served), clock));
            }
        }
        outbox.publishAll(events);
        return new int[] {events.size() - expired, expired, rows.size()};
    }

    /** Returns {renewal due emitted, rows handled}. */
    private int[] renewalPage(Instant now) {
        readOnlySession();
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery("""
                        select c.id from {h-schema}certificate c
                        where c.renewal_at <= :now
                          and not exists (select 1 from {h-schema}certificate r where r.replaces_id = c.id)
                          and not exists (select 1 from {h-schema}lifecycle_notice n where n.certificate_id = c.id
                                          and n.notice = 'RENEWAL_DUE')
                        order by c.renewal_at
                        limit :page
                        for update of c skip locked""")
                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter("page", config.pageSize())
                .getResultList();
        Set<UUID> claimed = lifecycle.claim(ids, ids.stream().map(id -> RenewalScheduler.RENEWAL_DUE).toList());
        List<Certificate> certificates = claimed.isEmpty() ? List.of() : Certificate.list("id in ?1", claimed);
        outbox.publishAll(renewals.renewalDue(certificates, null));
        return new int[] {certificates.size(), ids.size()};
    }

    /** A timestamptz column as the JDBC driver and Hibernate hand it over. */
    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
