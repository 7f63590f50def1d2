package io.certlife.events;

import java.util.List;
import java.util.Objects;

/**
 * Several alerts for one route (the owning team, a webhook endpoint) delivered as one message, most urgent first.
 * Sent to webhooks only, never published on Kafka: each alert's own delivery is in the notifier's ledger and its
 * {@code NotificationSent}. The CloudEvent's {@code id} is the message's id (a resend carries the same one) and its
 * {@code subject} the owning team.
 */
public record AlertsGroupedV1(
        String owner,
        String recipient,
        int count,
        List<GroupedAlert> alerts) implements EventData {

    /**
     * One alert of the group: {@code kind} and {@code severity} are the notifier's alert kind ({@code CERTIFICATE_EXPIRING},
     * ...) and severity ({@code INFO}, {@code WARNING}, {@code CRITICAL}); {@code sourceEventId} the event that raised it.
     */
    public record GroupedAlert(
            String alertId,
            String kind,
            String severity,
            String certificateId,
            String server,
            String site,
            String title,
            String summary,
            String sourceEventId) {

        public GroupedAlert {
            Objects.requireNonNull(alertId, "alertId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(title, "title");
        }
    }

    public AlertsGroupedV1 {
        Objects.requireNonNull(recipient, "recipient");
        alerts = List.copyOf(Objects.requireNonNull(alerts, "alerts"));
        if (count != alerts.size()) {
            throw new IllegalArgumentException("count " + count + " but " + alerts.size() + " alerts");
        }
    }
}
