package io.certlife.notifier.messaging;

import io.certlife.delivery.Inbox;
import io.certlife.notifier.service.AlertService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Raises alerts from inventory's and renewal's events; unreadable records go to the dead-letter topic. */
@ApplicationScoped
public class LifecycleEventsConsumer {

    @Inject
    Inbox inbox;

    @Inject
    AlertService alerts;

    @Incoming("inventory-events")
    @Blocking
    public void onInventoryEvent(String payload) {
        inbox.receive("notifier-alerts", payload, AlertService.ALERTING, alerts::raise);
    }

    @Incoming("renewal-events")
    @Blocking
    public void onRenewalEvent(String payload) {
        inbox.receive("notifier-alerts", payload, AlertService.ALERTING, alerts::raise);
    }
}
