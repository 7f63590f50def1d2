package io.certlife.events;

import java.util.Objects;

/** An alert about {@code sourceEventId} reached a channel's recipient. */
public record NotificationSentV1(
        String notificationId,
        String sourceEventId,
        String channel,
        String recipient) implements EventData {

    public NotificationSentV1 {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(channel, "channel");
    }
}
