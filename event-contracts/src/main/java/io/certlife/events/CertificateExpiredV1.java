package io.certlife.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A certificate passed its notAfter. Expired self-signed certificates still work internally but log errors: still an alert. */
public record CertificateExpiredV1(
        String certificateId,
        String thumbprintSha1,
        String subject,
        Instant notAfter,
        boolean selfSigned,
        List<SlotRef> slots) implements EventData {

    public CertificateExpiredV1 {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(notAfter, "notAfter");
        slots = slots == null ? List.of() : List.copyOf(slots);
    }
}
