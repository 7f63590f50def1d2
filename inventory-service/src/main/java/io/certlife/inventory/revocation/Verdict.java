package io.certlife.inventory.revocation;

import io.certlife.inventory.CertificateRevocation;
import io.certlife.inventory.pki.OcspAnswer;
import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import java.time.Instant;

/**
 * What a revocation check concluded for one certificate: the status, where it came from ({@code null} for unknown),
 * why in certlife's words, and when a revoked certificate was revoked.
 */
public record Verdict(RevocationStatus status, CertificateRevocation.Source source, String detail, Instant revokedAt) {

    static Verdict of(OcspAnswer.Answer answer) {
        return new Verdict(answer.status(), answer.status() == RevocationStatus.UNKNOWN ? null : CertificateRevocation.Source.OCSP,
                answer.detail(), answer.revokedAt());
    }

    static Verdict unknown(String detail) {
        return new Verdict(RevocationStatus.UNKNOWN, null, detail, null);
    }
}
