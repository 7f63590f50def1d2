package io.certlife.events;

import java.util.List;
import java.util.Objects;

/** A renewal plan exists: the clone to make, how it will be issued, and its drift from policy. */
public record RenewalPlannedV1(
        String renewalId,
        String certificateId,
        int generation,
        String issuer,
        String subject,
        List<String> subjectAltNames,
        String keyAlgorithm,
        int keySize,
        boolean exportableKey,
        List<SlotRef> slots,
        List<DriftItem> drift,
        boolean autoApproved) implements EventData {

    public RenewalPlannedV1 {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
        slots = slots == null ? List.of() : List.copyOf(slots);
        drift = drift == null ? List.of() : List.copyOf(drift);
    }
}
