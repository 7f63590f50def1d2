package io.certlife.renewal.rest;

import io.certlife.renewal.Renewal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A renewal as the API shows it. */
public record RenewalView(UUID id, String certificateId, int generation, String issuer, String subject,
                          List<String> subjectAltNames, String keyAlgorithm, int keySize, String state,
                          String failureReason, String failureMessage, UUID newCertificateId, boolean exportableKey,
                          Instant createdAt, Instant issuedAt) {

    static RenewalView of(Renewal r) {
        return new RenewalView(r.id, r.certificateId, r.generation, r.issuer.name(), r.subject, r.subjectAltNames,
                r.keyAlgorithm, r.keySize, r.state.name(), r.failureReason, r.failureMessage, r.newCertificateId,
                r.exportableKey, r.createdAt, r.issuedAt);
    }
}
