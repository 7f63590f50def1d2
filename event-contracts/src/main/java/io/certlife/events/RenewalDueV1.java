package io.certlife.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate reached its renewal time ({@code renewBefore}, else two thirds of its lifetime).
 * {@code generation} is the generation of the replacement to make: one more than the certificate's
 * position in its renewal chain, so that a redelivered event maps to the same renewal. {@code requirements}
 * (added within v1; absent in older events, read as none) is what topology and policy ask of the replacement.
 * {@code requestedBy} (added within v1) is who asked for the renewal now ("renew now"), absent when the certificate's
 * renewal time came: a four-eyes approval policy refuses that identity as the plan's approver. {@code certificatePem}
 * (added within v1) is the certificate itself, so that an issuer checks what it claims (an internal CA verifies its
 * own signature before renewing it) rather than trusting the summary. {@code activationWindows} (added within v1;
 * absent: none) is, per site of the slots that has maintenance windows, the window the replacement is planned into.
 */
public record RenewalDueV1(
        CertificateSummary certificate,
        int generation,
        Instant renewalTime,
        List<SlotRef> slots,
        boolean exportableKeyRequired,
        RenewalRequirements requirements,
        String requestedBy,
        String certificatePem,
        List<ActivationWindow> activationWindows) implements EventData {

    /**
     * Where the replacement is planned to be put in service at a site with maintenance windows: the next window that
     * ends a safety margin before the old certificate expires ({@code start}/{@code end}), or none fits
     * ({@code start} and {@code end} null: an emergency change).
     */
    public record ActivationWindow(String site, Instant start, Instant end) {
        public ActivationWindow {
            Objects.requireNonNull(site, "site");
        }
    }

    public RenewalDueV1 {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(renewalTime, "renewalTime");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1");
        }
        slots = slots == null ? List.of() : List.copyOf(slots);
        requirements = requirements == null ? RenewalRequirements.NONE : requirements;
        activationWindows = activationWindows == null ? List.of() : List.copyOf(activationWindows);
    }

    public RenewalDueV1(CertificateSummary certificate, int generation, Instant renewalTime, List<SlotRef> slots,
                        boolean exportableKeyRequired, RenewalRequirements requirements, String requestedBy, String certificatePem) {
        this(certificate, generation, renewalTime, slots, exportableKeyRequired, requirements, requestedBy, certificatePem, List.of());
    }

    /** Due because its renewal time came: nobody asked. */
    public RenewalDueV1(CertificateSummary certificate, int generation, Instant renewalTime, List<SlotRef> slots,
                        boolean exportableKeyRequired, RenewalRequirements requirements) {
        this(certificate, generation, renewalTime, slots, exportableKeyRequired, requirements, null, null);
    }
}
