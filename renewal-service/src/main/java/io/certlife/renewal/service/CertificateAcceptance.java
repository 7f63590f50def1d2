package io.certlife.renewal.service;

import io.certlife.delivery.Outbox;
import io.certlife.renewal.Refusal;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.issuer.Issuer;
import io.certlife.renewal.issuer.csr.CsrIssuer;
import io.certlife.renewal.pki.PkiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Imports the certificate a CA issued for a renewal's CSR and announces it with {@code CertificateIssued}. */
@ApplicationScoped
public class CertificateAcceptance {

    @Inject
    Issuance issuance;

    @Inject
    CsrIssuer csr;

    @Inject
    Outbox outbox;

    @Transactional
    public Renewal accept(UUID renewalId, String pem) {
        Renewal renewal = Renewal.<Renewal>findByIdOptional(renewalId)
                .orElseThrow(() -> Refusal.notFound("no renewal " + renewalId));
        if (renewal.state != Renewal.State.AWAITING_CERTIFICATE) {
            throw Refusal.conflict("renewal " + renewalId + " is " + renewal.state
                    + ", not waiting for a certificate");
        }
        if (!CsrIssuer.NAME.equals(renewal.issuer)) {
            throw Refusal.conflict("renewal " + renewalId + " is issued through " + renewal.issuer
                    + ": certlife fetches its certificate from the CA itself");
        }
        Issuer.Issued issued;
        try {
            issued = csr.answer(renewal, pem);
        } catch (PkiException e) {
            throw Refusal.unprocessable(e.getMessage());
        }
        outbox.publish(issuance.issued(renewal, issued));
        return renewal;
    }
}
