package io.certlife.renewal.service;

import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.CsrGeneratedV1;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.issuer.Issuer;
import io.certlife.renewal.pki.IssuedCertificate;
import io.certlife.renewal.pki.Pem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Records what an issuer achieved on its renewal and says so: an issued certificate moves the renewal to ISSUED and
 * becomes {@code CertificateIssued} (certificate and chain, never the key); a request moves it to
 * AWAITING_CERTIFICATE and becomes {@code CsrGenerated}.
 */
@ApplicationScoped
public class Issuance {

    /** The source of every event renewal-service publishes. */
    public static final String SOURCE = "/certlife/renewal";

    @Inject
    Clock clock;

    /**
     * Applies the outcome to the renewal, in the caller's transaction; returns the event for the caller to publish (none
     * for an ACME order: nobody needs to act on it).
     */
    Optional<CloudEvent<?>> record(Renewal renewal, Issuer.Outcome outcome) {
        if (outcome instanceof Issuer.Requested requested) {
            renewal.csrPem = requested.csrPem();
            renewal.moveTo(Renewal.State.AWAITING_CERTIFICATE, clock.instant());
            return Optional.of(CloudEvent.create(SOURCE, renewal.id.toString(), new CsrGeneratedV1(renewal.id.toString(),
                    renewal.certificateId, renewal.subject, renewal.subjectAltNames, renewal.csrPem), clock));
        }
        if (outcome instanceof Issuer.Ordered ordered) {
            renewal.csrPem = ordered.csrPem();
            renewal.moveTo(Renewal.State.AWAITING_CERTIFICATE, clock.instant());
            return Optional.empty();
        }
        return Optional.of(issued(renewal, (Issuer.Issued) outcome));
    }

    /** The renewal's certificate is issued: ISSUED, and the {@code CertificateIssued} event to publish. */
    CloudEvent<?> issued(Renewal renewal, Issuer.Issued issued) {
        renewal.certificatePem = Pem.chain(issued.leaf(), issued.chain());
        renewal.issuedAt = clock.instant();
        renewal.deployment = renewal.slots.stream().map(s -> new Renewal.SlotDeployment(s.server(), s.service(), null)).toList();
        renewal.moveTo(Renewal.State.ISSUED, renewal.issuedAt);
        return CloudEvent.create(SOURCE, renewal.id.toString(), new CertificateIssuedV1(renewal.id.toString(),
                renewal.certificateId, IssuedCertificate.summary(renewal.newCertificateId, issued.leaf()),
                Pem.of(issued.leaf()), issued.chain().stream().map(Pem::of).toList(),
                renewal.slots,
                renewal.exportableKey, renewal.keyCustody), clock);
    }
}
