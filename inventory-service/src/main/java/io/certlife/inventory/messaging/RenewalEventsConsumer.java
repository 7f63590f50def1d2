package io.certlife.inventory.messaging;

import io.certlife.delivery.EventConsumer;
import io.certlife.delivery.Inbox;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventType;
import io.certlife.events.Topics;
import io.certlife.inventory.service.CertificateService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Registers each issued replacement certificate; unreadable records go to the dead-letter topic. */
@ApplicationScoped
public class RenewalEventsConsumer implements EventConsumer {

    @Inject
    Inbox inbox;

    @Inject
    CertificateService certificates;

    @Incoming("renewal-events")
    @Blocking
    public void onEvent(String payload) {
        inbox.receive(name(), payload, accepted(), this::apply);
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
        return Set.of(EventType.CERTIFICATE_ISSUED);
    }

    @Override
    public void apply(CloudEvent<?> event) {
        certificates.registerIssued((CertificateIssuedV1) event.data());
    }
}
