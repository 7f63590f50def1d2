package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.DeploymentOverdueV1;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.Slot;
import io.certlife.inventory.config.ExpiryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Deployed means seen served. A replacement issued for a slot is pending there until discovery sees the slot serve it
 * over the slot's own protocol; then it becomes the slot's certificate and {@code DeploymentVerified} says so, with the
 * slots still waiting. Until then the old certificate keeps serving the slot and stays watched by the expiry sweep. A
 * replacement still pending {@code certlife.expiry.deploy-within} after it was issued is {@code DeploymentOverdue},
 * once.
 */
@ApplicationScoped
public class Deployments {

    static final String DEPLOY_OVERDUE = "DEPLOY_OVERDUE";

    @Inject
    FindingsService findings;

    @Inject
    LifecycleNotices lifecycle;

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    ExpiryConfig config;

    @Inject
    Clock clock;

    /** The slot serves its pending replacement: it becomes the slot's certificate, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void verified(Slot slot, Certificate served) {
        UUID previous = slot.certificateId;
        slot.certificateId = served.id;
        slot.pendingCertificateId = null;
        findings.evaluate(previous == null ? List.of(served.id) : List.of(previous, served.id), List.of(slot.key.serverFqdn()));
        List<SlotRef> pending = Slot.<Slot>list("pendingCertificateId = ?1 and retired = false order by key.serverFqdn, key.service",
                served.id).stream().map(Deployments::ref).toList();
        UUID replaced = served.replacesId != null ? served.replacesId : previous;
        outbox.publish(CloudEvent.create(CertificateEvents.SOURCE, served.id.toString(), new DeploymentVerifiedV1(
                served.id.toString(), replaced == null ? null : replaced.toString(), served.thumbprintSha1, ref(slot),
                clock.instant(), pending), clock));
    }

    /** One page of {@code DeploymentOverdue} notices as of {@code now}; returns {emitted, rows handled}. */
    @SuppressWarnings("unchecked")
    int[] overduePage(Instant now) {
        List<UUID> ids = entityManager.createNativeQuery("""
                        select c.id from {h-schema}certificate c
                        where c.source = 'ISSUED' and c.created_at <= :cutoff
                          and exists (select 1 from {h-schema}slot s where s.pending_certificate_id = c.id and not s.retired)
                          and not exists (select 1 from {h-schema}lifecycle_notice n where n.certificate_id = c.id
                                          and n.notice = 'DEPLOY_OVERDUE')
                        order by c.created_at
                        limit :page
                        for update of c skip locked""", UUID.class)
                .setParameter("cutoff", OffsetDateTime.ofInstant(now.minus(config.deployWithin()), ZoneOffset.UTC))
                .setParameter("page", config.pageSize())
                .getResultList();
        Set<UUID> claimed = lifecycle.claim(ids, ids.stream().map(id -> DEPLOY_OVERDUE).toList());
        Map<UUID, List<SlotRef>> pending = lifecycle.pendingSlots(claimed);
        List<CloudEvent<?>> events = new ArrayList<>();
        for (Certificate certificate : claimed.isEmpty() ? List.<Certificate>of() : Certificate.<Certificate>list("id in ?1", claimed)) {
            events.add(CloudEvent.create(CertificateEvents.SOURCE, certificate.id.toString(), new DeploymentOverdueV1(
                    certificate.id.toString(), certificate.replacesId == null ? null : certificate.replacesId.toString(),
                    certificate.thumbprintSha1, certificate.createdAt, config.deployWithin(),
                    pending.getOrDefault(certificate.id, List.of())), clock));
        }
        outbox.publishAll(events);
        return new int[] {events.size(), ids.size()};
    }

    private static SlotRef ref(Slot slot) {
        return new SlotRef(slot.key.serverFqdn(), ServiceKind.valueOf(slot.key.service()));
    }
}
