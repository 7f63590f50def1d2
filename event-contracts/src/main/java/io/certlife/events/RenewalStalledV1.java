package io.certlife.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A renewal stayed in one stage longer than that stage's configured limit. */
public record RenewalStalledV1(
        String renewalId,
        String certificateId,
        String stage,
        Instant since,
        Duration limit) implements EventData {

    public RenewalStalledV1 {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(since, "since");
    }
}
