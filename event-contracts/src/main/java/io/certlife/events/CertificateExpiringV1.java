package io.certlife.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A certificate crossed one threshold of the expiry ladder; emitted once per certificate and threshold. */
public record CertificateExpiringV1(
        String certificateId,
        String thumbprintSha1,
        String subject,
        Instant notAfter,
        int thresholdDays,
        long daysLeft,
        boolean selfSigned,
        List<SlotRef> slots) implements EventData {

    public CertificateExpiringV1 {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(notAfter, "notAfter");
        slots = slots == null ? List.of() : List.copyOf(slots);
    }
}
