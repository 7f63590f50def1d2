package io.certlife.events;

import java.util.Objects;

/** A finding raised earlier no longer holds. */
public record PolicyFindingResolvedV1(
        String findingId,
        String ruleId,
        String certificateId,
        SlotRef slot) implements EventData {

    public PolicyFindingResolvedV1 {
        Objects.requireNonNull(findingId, "findingId");
        Objects.requireNonNull(ruleId, "ruleId");
    }
}
