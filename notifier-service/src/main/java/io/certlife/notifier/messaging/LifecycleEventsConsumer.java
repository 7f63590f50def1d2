package io.certlife.notifier.messaging;

import io.certlife.delivery.EventConsumer;
import io.certlife.delivery.Inbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventType;
import io.certlife.events.Topics;
import io.certlife.notifier.service.EventIntake;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Inventory's and renewal's events, each applied once; unreadable or unknown records go to the dead-letter topic.
 * Records come a poll at a time (batch consumption) and are applied in one transaction per poll, which is what
 * keeps alert latency low in a burst (an estate import, the first sweep after an outage).
 */
@ApplicationScoped
public class LifecycleEventsConsumer implements EventConsumer {

    @Inject
    Inbox inbox;

    @Inject
    EventIntake intake;

    @Incoming("inventory-events")
    @Blocking
    public CompletionStage<Void> onInventoryEvents(KafkaRecordBatch<String, String> batch) {
        return inbox.receiveAll(name(), batch.getRecords(), accepted(), this::apply, intake::handleAll);
    }

    @Incoming("renewal-events")
    @Blocking
    public CompletionStage<Void> onRenewalEvents(KafkaRecordBatch<String, String> batch) {
        return inbox.receiveAll(name(), batch.getRecords(), accepted(), this::apply, intake::handleAll);
    }

    @Override
    public String name() {
        return "notifier";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.INVENTORY_EVENTS, Topics.RENEWAL_EVENTS);
    }

    @Override
    public Set<EventType> accepted() {
        return EventIntake.ACCEPTED;
    }

    @Override
    public void apply(CloudEvent<?> event) {
        intake.handle(event);
    }
}
