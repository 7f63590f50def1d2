package io.certlife.renewal.service;

import io.certlife.events.DeploymentOverdueV1;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.renewal.Renewal;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Follows a replacement past issuance, as inventory reports it: each slot seen serving it is verified; when none is
 * left the renewal is VERIFIED (and {@code certlife.renewal.time.to.verified} records how long deployment took); an
 * overdue deployment makes an ISSUED renewal DEPLOY_OVERDUE. Certificates renewal-service did not issue are ignored.
 */
@ApplicationScoped
public class DeploymentTracking {

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void verified(DeploymentVerifiedV1 event) {
        Renewal renewal = issued(event.certificateId());
        if (renewal == null) {
            return;
        }
        List<Renewal.SlotDeployment> slots = new ArrayList<>();
        for (Renewal.SlotDeployment slot : renewal.deployment == null ? List.<Renewal.SlotDeployment>of() : renewal.deployment) {
            boolean seen = slot.server().equalsIgnoreCase(event.slot().server()) && slot.service() == event.slot().service();
            slots.add(seen && slot.verifiedAt() == null ? new Renewal.SlotDeployment(slot.server(), slot.service(),
                    event.verifiedAt()) : slot);
        }
        renewal.deployment = slots;
        if (event.pending().isEmpty() && renewal.state != Renewal.State.VERIFIED) {
            renewal.moveTo(Renewal.State.VERIFIED, event.verifiedAt());
            meters.timer("certlife.renewal.time.to.verified").record(Duration.between(renewal.issuedAt, event.verifiedAt()));
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void overdue(DeploymentOverdueV1 event) {
        Renewal renewal = issued(event.certificateId());
        if (renewal != null && renewal.state == Renewal.State.ISSUED) {
            renewal.moveTo(Renewal.State.DEPLOY_OVERDUE, clock.instant());
        }
    }

    private static Renewal issued(String certificateId) {
        UUID id;
        try {
            id = UUID.fromString(certificateId);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Renewal.<Renewal>find("newCertificateId", id).firstResult();
    }
}
