package io.certlife.events;

import java.util.Objects;

/**
 * An operator task ended with {@code outcome} DONE (for a task that puts a certificate on a server: seen served),
 * CLOSED_UNVERIFIED (closed with a reason without being seen served), FAILED or CANCELLED.
 */
public record TaskCompletedV1(String taskId, String kind, String outcome) implements EventData {
    public TaskCompletedV1 {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
