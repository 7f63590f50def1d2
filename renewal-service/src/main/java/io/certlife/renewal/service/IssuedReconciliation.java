package io.certlife.renewal.service;

import io.certlife.delivery.Outbox;
import io.certlife.delivery.ReconcileConfig;
import io.certlife.events.CertificateDiscoveredV1;
import io.certlife.events.EventType;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reconciliation of issued renewals with inventory: a renewal is registered once inventory reports its replacement
 * ({@code CertificateDiscovered}, source ISSUED, under the id renewal gave it). One still unregistered
 * {@code certlife.reconcile.after} after issuance (its {@code CertificateIssued} was lost or dead-lettered at inventory)
 * has that event published again with its original id, so that inventory, which dedupes, registers it now and the
 * notifier, which dedupes too, adds no second task; again at most every {@code after}. Safe on every replica (renewals
 * claimed with SKIP LOCKED); repairs counted in {@code certlife_reconcile_repairs_total{loop="certificate-issued"}}.
 */
@ApplicationScoped
public class IssuedReconciliation {

    private static final Logger LOG = Logger.getLogger(IssuedReconciliation.class);

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    ReconcileConfig reconcile;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    /** Inventory has the replacement: the renewal it came from is registered. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void registered(CertificateDiscoveredV1 discovered) {
        UUID id;
        try {
            id = UUID.fromString(discovered.certificate().certificateId());
        } catch (IllegalArgumentException notOurs) {
            return;
        }
        if ("ISSUED".equals(discovered.source())) {
            entityManager.createNativeQuery("""
                            update {h-schema}renewal set registered_at = now()
                            where new_certificate_id = :id and registered_at is null""")
                    .setParameter("id", id)
                    .executeUpdate();
        }
    }

    /** Publishes {@code CertificateIssued} again for renewals issued before {@code now - after} and not registered. */
    @Transactional
    public int republishUnregistered(Instant now) {
        Instant cutoff = now.minus(reconcile.after());
        @SuppressWarnings("unchecked")
        List<Object> claimed = entityManager.createNativeQuery("""
                        update {h-schema}renewal r set republished_at = now()
                        where r.id in (
                            select id from {h-schema}renewal
                            where state in ('ISSUED', 'DEPLOY_OVERDUE') and registered_at is null and issued_at < cast(:cutoff as timestamptz)
                              and (republished_at is null or republished_at < cast(:cutoff as timestamptz))
                            order by issued_at limit 200
                            for update skip locked)
                        returning r.id""")
                .setParameter("cutoff", cutoff)
                .getResultList();
        int repaired = 0;
        for (Object id : claimed) {
            if (outbox.republish(EventType.CERTIFICATE_ISSUED, id.toString()) > 0) {
                repaired++;
            } else {
                meters.counter("certlife.reconcile.unrepairable", "loop", "certificate-issued").increment();
                LOG.warnf("Reconciliation: renewal %s is not registered at inventory and its CertificateIssued has left the "
                        + "outbox (certlife.outbox.retention); register it by importing its certificate", id);
            }
        }
        if (repaired > 0) {
            meters.counter("certlife.reconcile.repairs", "loop", "certificate-issued").increment(repaired);
            LOG.infof("Reconciliation: CertificateIssued published again for %d renewals inventory has not registered "
                    + "within %s", repaired, reconcile.after());
        }
        return repaired;
    }

    @Scheduled(every = "${certlife.reconcile.interval:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        republishUnregistered(clock.instant());
    }
}
