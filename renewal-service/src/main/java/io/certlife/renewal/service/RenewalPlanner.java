package io.certlife.renewal.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.renewal.Renewal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Turns a due certificate into a renewal plan: a clone of the old certificate (same subject, SANs in
 * order, key algorithm and size), issued self-signed when the old one was, otherwise through a CSR.
 * At most one plan exists per (certificate, generation).
 */
@ApplicationScoped
public class RenewalPlanner {

    static final String SOURCE = "/certlife/renewal";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public Renewal plan(RenewalDueV1 due) {
        CertificateSummary old = due.certificate();
        return Renewal.find(old.certificateId(), due.generation()).orElseGet(() -> create(due, old));
    }

    private Renewal create(RenewalDueV1 due, CertificateSummary old) {
        Renewal renewal = new Renewal();
        renewal.id = UUID.randomUUID();
        renewal.certificateId = old.certificateId();
        renewal.generation = due.generation();
        renewal.issuer = old.selfSigned() ? Renewal.Issuer.SELF_SIGNED : Renewal.Issuer.CSR;
        renewal.subject = old.subject();
        renewal.subjectAltNames = old.subjectAltNames();
        renewal.keyAlgorithm = old.keyAlgorithm();
        renewal.keySize = old.keySize();
        renewal.state = Renewal.State.PLANNED;
        renewal.createdAt = clock.instant();
        renewal.persist();
        outbox.publish(CloudEvent.create(SOURCE, renewal.id.toString(), new RenewalPlannedV1(
                renewal.id.toString(), renewal.certificateId, renewal.generation, renewal.issuer.name(),
                renewal.subject, renewal.subjectAltNames, renewal.keyAlgorithm, renewal.keySize,
                due.exportableKeyRequired(), due.slots(), List.of(), false), clock));
        return renewal;
    }
}
