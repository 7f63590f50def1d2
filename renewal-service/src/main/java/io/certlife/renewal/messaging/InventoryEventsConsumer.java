package io.certlife.renewal.messaging;

import io.certlife.delivery.EventConsumer;
import io.certlife.delivery.Inbox;
import io.certlife.events.CertificateDiscoveredV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.DeploymentOverdueV1;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.events.EventType;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.Topics;
import io.certlife.renewal.service.DeploymentTracking;
import io.certlife.renewal.service.IssuedReconciliation;
import io.certlife.renewal.service.RenewalPlanner;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Plans a renewal for each {@code RenewalDue}, notes inventory registering a replacement ({@code CertificateDiscovered},
 * for reconciliation) and follows its deployment ({@code DeploymentVerified}, {@code DeploymentOverdue}); a record that
 * is no certlife event goes to the dead-letter topic.
 */
@ApplicationScoped
public class InventoryEventsConsumer implements EventConsumer {

    @Inject
    Inbox inbox;

    @Inject
    RenewalPlanner planner;

    @Inject
    DeploymentTracking deployments;

    @Inject
    IssuedReconciliation reconciliation;

    @Incoming("inventory-events")
    @Blocking
    public void onEvent(String payload) {
        inbox.receive(name(), payload, accepted(), this::apply);
    }

    @Override
    public String name() {
        return "renewal-planner";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.INVENTORY_EVENTS);
    }

    @Override
    public Set<EventType> accepted() {
        return Set.of(EventType.RENEWAL_DUE, EventType.DEPLOYMENT_VERIFIED, EventType.DEPLOYMENT_OVERDUE,
                EventType.CERTIFICATE_DISCOVERED);
    }

    @Override
    public void apply(CloudEvent<?> event) {
        if (event.data() instanceof RenewalDueV1 due) {
            planner.plan(due);
        } else if (event.data() instanceof DeploymentVerifiedV1 verified) {
            deployments.verified(verified);
        } else if (event.data() instanceof DeploymentOverdueV1 overdue) {
            deployments.overdue(overdue);
        } else if (event.data() instanceof CertificateDiscoveredV1 discovered) {
            reconciliation.registered(discovered);
        }
    }
}
