package io.certlife.renewal.rest;

import io.certlife.events.DriftItem;
import io.certlife.events.KeyCustody;
import io.certlife.events.RenewalDueV1;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.issuer.acme.AcmeIssuer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A renewal as the API shows it. */
public record RenewalView(UUID id, String certificateId, int generation, String issuer, String subject,
                          List<String> subjectAltNames, String keyAlgorithm, int keySize, String state,
                          String failureReason, String failureMessage, UUID newCertificateId, boolean exportableKey,
                          KeyCustody keyCustody,
                          Instant createdAt, Instant issuedAt, List<DriftItem> drift, String requestedBy, String approvedBy,
                          Instant approvedAt, int attempts, Instant nextAttemptAt, List<Renewal.SlotDeployment> deployment,
                          Instant verifiedAt, List<RenewalDueV1.ActivationWindow> activationWindows, List<Condition> conditions) {

    /**
     * A Kubernetes-style condition: Ready says whether the replacement exists, with a reason constant while it does not;
     * Deployed whether it was seen served on every slot (inventory's discovery), once it exists.
     */
    public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {
    }

    static RenewalView of(Renewal r) {
        return new RenewalView(r.id, r.certificateId, r.generation, r.issuer, r.subject, r.subjectAltNames,
                r.keyAlgorithm, r.keySize, r.state.name(), r.failureReason, r.failureMessage, r.newCertificateId,
                r.exportableKey, r.keyCustody, r.createdAt, r.issuedAt, r.drift, r.requestedBy, r.approvedBy, r.approvedAt, r.attempts, r.nextAttemptAt,
                r.deployment, r.state == Renewal.State.VERIFIED ? r.stateSince : null,
                r.activationWindows == null ? List.of() : r.activationWindows, r.issuedAt == null ? List.of(ready(r)) : List.of(ready(r), deployed(r)));
    }

    private static Condition deployed(Renewal r) {
        List<String> waiting = r.deployment == null ? List.of() : r.deployment.stream().filter(d -> d.verifiedAt() == null)
                .map(d -> d.server() + " " + d.service()).toList();
        return switch (r.state) {
            case VERIFIED -> new Condition("Deployed", "True", "Verified", "seen served on every slot", r.stateSince);
            case DEPLOY_OVERDUE -> new Condition("Deployed", "False", "DeployOverdue", "overdue: not yet seen served on "
                    + String.join(", ", waiting), r.stateSince);
            default -> r.deployment == null || r.deployment.isEmpty()
                    ? new Condition("Deployed", "Unknown", "NoSlots", "no slot is bound to serve it: nothing to verify", r.issuedAt)
                    : new Condition("Deployed", "False", "Deploying", "not yet seen served on " + String.join(", ", waiting),
                            r.issuedAt);
        };
    }

    private static Condition ready(Renewal r) {
        return switch (r.state) {
            case ISSUED, DEPLOY_OVERDUE, VERIFIED -> new Condition("Ready", "True", "Issued", "the replacement is issued", r.issuedAt);
            case PENDING_APPROVAL -> new Condition("Ready", "False", "PendingApproval",
                    "the plan drifts from the old certificate: approve it with POST /renewals/" + r.id + "/approve", r.stateSince);
            case AWAITING_SERVER_CSR -> new Condition("Ready", "False", "AwaitingServerCsr",
                    "the server makes the key: its CSR (New-ExchangeCertificate -GenerateRequest) goes to POST /renewals/"
                            + r.id + "/server-csr", r.stateSince);
            case AWAITING_CERTIFICATE -> r.failureReason != null ? retrying(r)
                    : AcmeIssuer.NAME.equals(r.issuer) ? new Condition("Ready", "False", "AcmeOrdering",
                            "certlife is proving the names to the ACME CA (dns-01) and will fetch the certificate", r.stateSince)
                    : new Condition("Ready", "False", "AwaitingCertificate", "the CSR waits for the CA's certificate", r.stateSince);
            case FAILED -> new Condition("Ready", "False", r.failureReason, r.failureMessage, r.stateSince);
            case PLANNED -> r.failureReason != null ? retrying(r)
                    : new Condition("Ready", "False", "Planned", "the replacement is about to be issued", r.stateSince);
        };
    }

    private static Condition retrying(Renewal r) {
        return new Condition("Ready", "False", r.failureReason, r.failureMessage + " (attempt " + r.attempts + ", next at "
                + r.nextAttemptAt + ")", r.stateSince);
    }
}
