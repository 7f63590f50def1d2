package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.SlotRef;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.Slot;
import io.certlife.inventory.config.ExpiryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
 * Replaced certificates are skipped: their successor carries the slots.
 */
@ApplicationScoped
public class ExpirySweep {

    private static final Logger LOG = Logger.getLogger(ExpirySweep.class);
    static final String EXPIRED = "EXPIRED";

    /** What one sweep emitted. */
    public record Result(int expiring, int expired, int renewalDue) {
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
    MeterRegistry meters;

    @Scheduled(every = "${certlife.expiry.sweep-interval:1m}", delayed = "${certlife.expiry.sweep-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Result result = sweep(clock.instant());
        if (result.expiring() + result.expired() + result.renewalDue() > 0) {
            LOG.infof("Expiry sweep: %d expiring, %d expired, %d renewal due", result.expiring(), result.expired(),
                    result.renewalDue());
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
        sample.stop(meters.timer("certlife.expiry.sweep"));
        return new Result(expiring, expired, due);
    }

    /** Returns {expiring emitted, expired emitted, rows handled}. */
    private int[] expiryPage(Instant now) {
        int maxDays = config.ladderDays().stream().mapToInt(Integer::intValue).max().orElse(0);
        String ladder = Stream.concat(config.ladderDays().stream(), Stream.of(0))
                .map(days -> "(" + days.intValue() + ")").collect(Collectors.joining(","));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select c.id, t.threshold from {h-schema}certificate c
                        cross join lateral (select min(l.days) as threshold from (values %s) as l(days)
                                            where c.not_after <= cast(:now as timestamptz) + l.days * interval '1 day') t
                        where c.not_after <= :horizon
                          and not exists (select 1 from {h-schema}certificate r where r.replaces_id = c.id)
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
        int expiring = 0;
        int expired = 0;
        for (Object[] row : rows) {
            Certificate certificate = Certificate.findById(row[0]);
            int threshold = ((Number) row[1]).intValue();
            String notice = threshold == 0 ? EXPIRED : "EXPIRING_" + threshold;
            if (!renewals.recordNotice(certificate, notice)) {
                continue;
            }
            List<SlotRef> slots = activeSlots(certificate.id);
            if (threshold == 0) {
                outbox.publish(CloudEvent.create(CertificateEvents.SOURCE, certificate.id.toString(),
                        new CertificateExpiredV1(certificate.id.toString(), certificate.thumbprintSha1, certificate.subject,
                                certificate.notAfter, certificate.selfSigned, slots), clock));
                expired++;
            } else {
                long daysLeft = Duration.between(now, certificate.notAfter).toDays();
                outbox.publish(CloudEvent.create(CertificateEvents.SOURCE, certificate.id.toString(),
                        new CertificateExpiringV1(certificate.id.toString(), certificate.thumbprintSha1, certificate.subject,
                                certificate.notAfter, threshold, daysLeft, certificate.selfSigned, slots), clock));
                expiring++;
            }
        }
        return new int[] {expiring, expired, rows.size()};
    }

    /** Returns {renewal due emitted, rows handled}. */
    private int[] renewalPage(Instant now) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery("""
                        select c.id from {h-schema}certificate c
                        where c.renewal_at <= :now
                          and not exists (select 1 from {h-schema}certificate r where r.replaces_id = c.id)
                          and not exists (select 1 from {h-schema}lifecycle_notice n where n.certificate_id = c.id
                                          and n.notice = 'RENEWAL_DUE')
                        order by c.renewal_at
                        limit :page
                        for update of c skip locked""", UUID.class)
                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter("page", config.pageSize())
                .getResultList();
        int emitted = 0;
        for (UUID id : ids) {
            if (renewals.noticeIfDue(Certificate.findById(id), now)) {
                emitted++;
            }
        }
        return new int[] {emitted, ids.size()};
    }

    static List<SlotRef> activeSlots(UUID certificateId) {
        return Slot.ofCertificate(certificateId).stream().filter(slot -> !slot.retired)
                .map(slot -> new SlotRef(slot.key.serverFqdn(), slot.key.service())).toList();
    }
}
