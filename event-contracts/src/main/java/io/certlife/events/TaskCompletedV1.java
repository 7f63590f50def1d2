package io.certlife.events;

import java.util.Objects;

/** An operator task ended with {@code outcome} DONE, FAILED or CANCELLED. */
public record TaskCompletedV1(String taskId, String kind, String outcome) implements EventData {
    public TaskCompletedV1 {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
