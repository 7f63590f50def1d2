package io.certlife.renewal.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.renewal.Refusal;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.pki.PkiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Imports the certificate a CA issued for a renewal's CSR and announces it with {@code CertificateIssued}. */
@ApplicationScoped
public class CertificateAcceptance {

    @Inject
    Issuance issuance;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional
    public Renewal accept(UUID renewalId, String pem) {
        Renewal renewal = Renewal.<Renewal>findByIdOptional(renewalId)
                .orElseThrow(() -> Refusal.notFound("no renewal " + renewalId));
        if (renewal.state != Renewal.State.AWAITING_CERTIFICATE) {
            throw Refusal.conflict("renewal " + renewalId + " is " + renewal.state
                    + ", not waiting for a certificate");
        }
        List<X509Certificate> certificates;
        try {
            certificates = issuance.acceptIssued(renewal, pem);
        } catch (PkiException e) {
            throw Refusal.unprocessable(e.getMessage());
        }
        outbox.publish(CloudEvent.create(RenewalPlanner.SOURCE, renewal.id.toString(),
                RenewalPlanner.issued(renewal, certificates.get(0), certificates.subList(1, certificates.size())), clock));
        return renewal;
    }
}
