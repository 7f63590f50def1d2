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
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records come a poll at a time and are applied in one transaction per poll (one inbox statement, one commit), which is
 * what lets a mass renewal (a CA distrusted, every certificate due at once) keep up with the cryptography.
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
    public CompletionStage<Void> onEvents(KafkaRecordBatch<String, String> batch) {
        return inbox.receiveAll(name(), batch.getRecords(), accepted(), this::apply);
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
