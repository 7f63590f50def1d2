package io.certlife.events;

import java.util.Objects;

/** An alert could not be delivered and will not be retried. */
public record NotificationFailedV1(
        String notificationId,
        String sourceEventId,
        String channel,
        String recipient,
        String reason,
        String message) implements EventData {

    public NotificationFailedV1 {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(reason, "reason");
    }
}
