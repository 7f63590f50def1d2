package io.certlife.renewal.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.events.CertificateDiscoveredV1;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.Topics;
import io.certlife.renewal.service.IssuedReconciliation;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An issued renewal that inventory has not registered after certlife.reconcile.after (its CertificateIssued was lost
 * there) has that same event, same id, published again; once inventory reports the replacement, no more.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class IssuedReconciliationTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    IssuedReconciliation reconciliation;

    @Inject
    EntityManager entityManager;

    @Test
    void anUnregisteredIssuedCertificateIsPublishedAgainWithItsOriginalId() {
        String certificateId = UUID.randomUUID().toString();
        kafka.sendEvent(RenewalDueConsumerTest.renewalDue(certificateId, true));
        ConsumerRecord<String, String> first = issued(certificateId, 1).get(0);
        CloudEvent<?> event = EventCodec.decode(first.value());
        CertificateIssuedV1 data = (CertificateIssuedV1) event.data();

        assertThat(reconciliation.republishUnregistered(Instant.now())).as("within certlife.reconcile.after").isZero();
        assertThat(reconciliation.republishUnregistered(Instant.now().plus(Duration.ofMinutes(61)))).isGreaterThanOrEqualTo(1);
        List<ConsumerRecord<String, String>> both = issued(certificateId, 2);
        assertThat(both).hasSize(2).allSatisfy(r -> assertThat(EventCodec.decode(r.value()).id()).isEqualTo(event.id()));

        kafka.sendEvent(CloudEvent.create("/certlife/inventory", data.certificate().certificateId(),
                new CertificateDiscoveredV1(data.certificate(), "ISSUED"), Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(30)).until(() -> registered(data.renewalId()));
        reconciliation.republishUnregistered(Instant.now().plus(Duration.ofHours(3)));
        assertThat(issued(certificateId, 3)).as("registered: not published again").hasSize(2);
    }

    private boolean registered(String renewalId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "select registered_at is not null from renewal.renewal where id = cast(:id as uuid)")
                .setParameter("id", renewalId).getSingleResult().equals(Boolean.TRUE));
    }

    private List<ConsumerRecord<String, String>> issued(String oldCertificateId, int atMost) {
        return kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data() instanceof CertificateIssuedV1 i
                && i.replacesCertificateId().equals(oldCertificateId), atMost, Duration.ofSeconds(atMost > 2 ? 10 : 30));
    }
}
