package io.certlife.events;

import java.time.Instant;
import java.util.Objects;

/** An operator task exists ({@code kind}: ISA_EXPORT, EXCHANGE_ENABLE, EDGESYNC_RESUBSCRIBE, ...). */
public record TaskCreatedV1(
        String taskId,
        String kind,
        String title,
        String server,
        String certificateId,
        String assignee,
        Instant dueAt) implements EventData {

    public TaskCreatedV1 {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
    }
}
