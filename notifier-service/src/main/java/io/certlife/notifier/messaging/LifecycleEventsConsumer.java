package io.certlife.notifier.messaging;

import io.certlife.delivery.Inbox;
import io.certlife.notifier.service.EventIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Inventory's and renewal's events, each applied once; unreadable or unknown records go to the dead-letter topic. */
@ApplicationScoped
public class LifecycleEventsConsumer {

    @Inject
    Inbox inbox;

    @Inject
    EventIntake intake;

    @Incoming("inventory-events")
    @Blocking
    public void onInventoryEvent(String payload) {
        inbox.receive("notifier", payload, EventIntake.ACCEPTED, intake::handle);
    }

    @Incoming("renewal-events")
    @Blocking
    public void onRenewalEvent(String payload) {
        inbox.receive("notifier", payload, EventIntake.ACCEPTED, intake::handle);
    }
}
