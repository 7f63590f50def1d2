package io.certlife.notifier.service;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventType;
import io.certlife.notifier.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** Raises alerts from lifecycle events. */
@ApplicationScoped
public class AlertService {

    /** The event types that can raise an alert. */
    public static final Set<EventType> ALERTING = EnumSet.of(EventType.CERTIFICATE_EXPIRING, EventType.CERTIFICATE_EXPIRED,
            EventType.RENEWAL_PLANNED, EventType.CERTIFICATE_ISSUED, EventType.RENEWAL_FAILED, EventType.RENEWAL_STALLED);

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void raise(CloudEvent<?> event) {
        AlertText.of(event.data()).ifPresent(text -> {
            Alert alert = new Alert();
            alert.id = UUID.randomUUID();
            alert.sourceEventId = event.id();
            alert.eventType = event.type();
            alert.certificateId = text.certificateId();
            alert.severity = text.severity();
            alert.summary = text.summary();
            alert.createdAt = clock.instant();
            alert.persist();
        });
    }
}
