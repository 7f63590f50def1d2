package io.certlife.events;

import java.time.Instant;
import java.util.Objects;

/** A renewal attempt failed. Transient failures carry the next attempt time; terminal ones stop the renewal. */
public record RenewalFailedV1(
        String renewalId,
        String certificateId,
        String reason,
        String message,
        boolean terminal,
        int attempt,
        Instant nextAttemptAt) implements EventData {

    public RenewalFailedV1 {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
