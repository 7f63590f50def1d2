package io.certlife.renewal.messaging;

import io.certlife.delivery.Inbox;
import io.certlife.events.EventType;
import io.certlife.events.RenewalDueV1;
import io.certlife.renewal.service.RenewalPlanner;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Plans a renewal for each {@code RenewalDue}; a record that is no certlife event goes to the dead-letter topic. */
@ApplicationScoped
public class InventoryEventsConsumer {

    @Inject
    Inbox inbox;

    @Inject
    RenewalPlanner planner;

    @Incoming("inventory-events")
    @Blocking
    public void onEvent(String payload) {
        inbox.receive("renewal-planner", payload, Set.of(EventType.RENEWAL_DUE),
                event -> planner.plan((RenewalDueV1) event.data()));
    }
}
