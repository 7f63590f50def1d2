package io.certlife.events;

import java.util.Objects;

/** A planning rule found a problem. {@code ruleId} is stable. */
public record PolicyFindingRaisedV1(
        String findingId,
        String ruleId,
        Severity severity,
        String message,
        String certificateId,
        SlotRef slot) implements EventData {

    public PolicyFindingRaisedV1 {
        Objects.requireNonNull(findingId, "findingId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }
}
