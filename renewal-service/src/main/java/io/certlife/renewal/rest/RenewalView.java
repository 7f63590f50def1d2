package io.certlife.renewal.rest;

import io.certlife.events.DriftItem;
import io.certlife.renewal.Renewal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A renewal as the API shows it. */
public record RenewalView(UUID id, String certificateId, int generation, String issuer, String subject,
                          List<String> subjectAltNames, String keyAlgorithm, int keySize, String state,
                          String failureReason, String failureMessage, UUID newCertificateId, boolean exportableKey,
                          Instant createdAt, Instant issuedAt, List<DriftItem> drift, String requestedBy, String approvedBy,
                          Instant approvedAt, int attempts, Instant nextAttemptAt, List<Condition> conditions) {

    /** A Kubernetes-style condition: Ready says whether the replacement exists, with a reason constant while it does not. */
    public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {
    }

    static RenewalView of(Renewal r) {
        return new RenewalView(r.id, r.certificateId, r.generation, r.issuer, r.subject, r.subjectAltNames,
                r.keyAlgorithm, r.keySize, r.state.name(), r.failureReason, r.failureMessage, r.newCertificateId,
                r.exportableKey, r.createdAt, r.issuedAt, r.drift, r.requestedBy, r.approvedBy, r.approvedAt, r.attempts, r.nextAttemptAt,
                List.of(ready(r)));
    }

    private static Condition ready(Renewal r) {
        return switch (r.state) {
            case ISSUED -> new Condition("Ready", "True", "Issued", "the replacement is issued", r.stateSince);
            case PENDING_APPROVAL -> new Condition("Ready", "False", "PendingApproval",
                    "the plan drifts from the old certificate: approve it with POST /renewals/" + r.id + "/approve", r.stateSince);
            case AWAITING_CERTIFICATE -> new Condition("Ready", "False", "AwaitingCertificate",
                    "the CSR waits for the CA's certificate", r.stateSince);
            case FAILED -> new Condition("Ready", "False", r.failureReason, r.failureMessage, r.stateSince);
            case PLANNED -> r.failureReason != null
                    ? new Condition("Ready", "False", r.failureReason, r.failureMessage + " (attempt " + r.attempts
                            + ", next at " + r.nextAttemptAt + ")", r.stateSince)
                    : new Condition("Ready", "False", "Planned", "the replacement is about to be issued", r.stateSince);
        };
    }
}
