package io.certlife.notifier.rest;

import io.certlife.notifier.Alert;
import java.time.Instant;
import java.util.UUID;

/** An alert as the API shows it. */
public record AlertView(UUID id, String sourceEventId, String eventType, String certificateId, String severity,
                        String summary, Instant createdAt) {

    static AlertView of(Alert a) {
        return new AlertView(a.id, a.sourceEventId, a.eventType, a.certificateId, a.severity.name(), a.summary, a.createdAt);
    }
}
