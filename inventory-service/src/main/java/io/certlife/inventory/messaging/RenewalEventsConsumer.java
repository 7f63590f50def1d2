package io.certlife.inventory.messaging;

import io.certlife.delivery.EventConsumer;
import io.certlife.delivery.Inbox;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventType;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.Topics;
import io.certlife.inventory.service.CertificateService;
import io.certlife.inventory.service.RenewalScheduler;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records come a poll at a time and are applied in one transaction per poll (one inbox statement, one commit), so
 * that a mass renewal's replacements are registered as fast as renewal-service issues them.
 * Registers each issued replacement certificate, and takes {@code RenewalPlanned} as renewal-service's acknowledgement of
 * a {@code RenewalDue} (reconciliation emits again what nobody acknowledged); unreadable records go to the dead-letter
 * topic.
 */
@ApplicationScoped
public class RenewalEventsConsumer implements EventConsumer {

    @Inject
    Inbox inbox;

    @Inject
    CertificateService certificates;

    @Inject
    RenewalScheduler renewals;

    @Incoming("renewal-events")
    @Blocking
    public CompletionStage<Void> onEvents(KafkaRecordBatch<String, String> batch) {
        return inbox.receiveAll(name(), batch.getRecords(), accepted(), this::apply);
    }

    @Override
    public String name() {
        return "inventory-issued";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.RENEWAL_EVENTS);
    }

    @Override
    public Set<EventType> accepted() {
        return Set.of(EventType.CERTIFICATE_ISSUED, EventType.RENEWAL_PLANNED);
    }

    @Override
    public void apply(CloudEvent<?> event) {
        if (event.data() instanceof CertificateIssuedV1 issued) {
            certificates.registerIssued(issued);
        } else if (event.data() instanceof RenewalPlannedV1 planned) {
            renewals.acknowledged(planned);
        }
    }
}
