package io.certlife.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.notifier.Alert;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.channel.Message;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher round records outcomes only for the deliveries that still hold its lease token: a round whose lease
 * ended and was taken over by another (a paused or partitioned replica) changes nothing.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class FencedDispatchTest {

    @Inject
    Deliveries deliveries;

    @Test
    void onlyTheRoundHoldingTheLeaseTokenRecordsTheOutcome() {
        UUID holder = UUID.randomUUID();
        UUID stale = UUID.randomUUID();
        UUID id = QuarkusTransaction.requiringNew().call(() -> {
            Delivery d = new Delivery();
            d.id = UUID.randomUUID();
            d.sourceEventId = "fenced-" + d.id;
            d.channel = ChannelType.WEBHOOK;
            d.recipient = "ops-webhook";
            d.kind = Delivery.Kind.ALERT;
            d.status = Delivery.Status.SENDING;
            d.attempts = 2;
            d.createdAt = Instant.now();
            d.nextAttemptAt = d.createdAt;
            // a long lease: the running dispatcher does not take it over during the test
            d.leaseUntil = d.createdAt.plus(Duration.ofMinutes(10));
            d.leaseToken = holder;
            d.message = new Message(Alert.Severity.WARNING, "fenced", "a test line", List.of(), List.of(), null);
            d.persist();
            return d.id;
        });

        assertThat(deliveries.record(List.of(new Deliveries.Outcome(List.of(id), id, null)), stale)).isZero();
        assertThat(status(id)).isEqualTo(Delivery.Status.SENDING);

        assertThat(deliveries.record(List.of(new Deliveries.Outcome(List.of(id), id, null)), holder)).isEqualTo(1);
        assertThat(status(id)).isEqualTo(Delivery.Status.SENT);
        assertThat(deliveries.record(List.of(new Deliveries.Outcome(List.of(id), id, null)), holder))
                .as("recorded once: a second record of the same round finds nothing SENDING").isZero();
    }

    private static Delivery.Status status(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>findById(id).status);
    }
}
