package io.certlife.notifier.service;

import io.certlife.delivery.ReconcileConfig;
import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventType;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.CertificateState;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reconciliation of alerts with what the notifier knows of the estate: a certificate it knows to have expired more than
 * {@code certlife.reconcile.after} ago, whose replacement has not been seen served, and that has no expiry alert (its
 * {@code CertificateExpired} was lost, dead-lettered, or never came while the notifier was away) gets the alert that
 * event would have raised, through the same intake, as an event of the notifier's own with an id derived from the
 * certificate: so it is raised once, and the real event arriving later adds nothing. One replica at a time (a
 * transaction-scoped advisory lock); repairs in {@code certlife_reconcile_repairs_total{loop="expired-alert"}}.
 */
@ApplicationScoped
public class AlertReconciliation {

    private static final Logger LOG = Logger.getLogger(AlertReconciliation.class);

    @Inject
    EntityManager entityManager;

    @Inject
    EventIntake intake;

    @Inject
    ReconcileConfig reconcile;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    /** Raises the missing expiry alerts; returns for how many certificates. */
    @Transactional
    public int raiseMissingExpiredAlerts(Instant now) {
        Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(hashtext('certlife.reconcile.alerts'))")
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        List<CertificateState> missing = entityManager.createQuery("""
                        from CertificateState c
                        where c.notAfter < ?1 and (c.renewalState is null or c.renewalState <> 'VERIFIED')
                          and not exists (from Alert a where a.certificateId = c.certificateId and a.kind = ?2)
                        order by c.notAfter""", CertificateState.class)
                .setParameter(1, now.minus(reconcile.after()))
                .setParameter(2, AlertKind.CERTIFICATE_EXPIRED)
                .setMaxResults(200)
                .getResultList();
        for (CertificateState state : missing) {
            intake.handle(new CloudEvent<>(CloudEvent.SPEC_VERSION, "reconciled-expired-" + state.certificateId,
                    Deliveries.SOURCE, EventType.CERTIFICATE_EXPIRED.type(), state.certificateId,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), CloudEvent.JSON,
                    new CertificateExpiredV1(state.certificateId, state.thumbprint, state.subject, state.notAfter, false,
                            List.of())));
        }
        if (!missing.isEmpty()) {
            meters.counter("certlife.reconcile.repairs", "loop", "expired-alert").increment(missing.size());
            LOG.infof("Reconciliation: expiry alerts raised for %d certificates that expired more than %s ago without one",
                    missing.size(), reconcile.after());
        }
        return missing.size();
    }

    @Scheduled(every = "${certlife.reconcile.interval:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        raiseMissingExpiredAlerts(clock.instant());
    }
}
