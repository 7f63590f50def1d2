package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A RenewalDue that nobody acknowledged (the event or renewal's answer was lost) is emitted again after
 * certlife.reconcile.after, and no more once renewal-service's RenewalPlanned has arrived.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class RenewalReconciliationTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    RenewalScheduler renewals;

    @Inject
    EntityManager entityManager;

    @Test
    void anUnacknowledgedRenewalDueIsEmittedAgainUntilRenewalPlansIt() {
        Instant now = Instant.now();
        var cert = TestCertificates.selfSigned("reconcile-" + UUID.randomUUID(), List.of("reconcile.contoso.com"),
                now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS));
        String id = given().contentType("application/x-pem-file").body(cert.pem().getBytes()).post("/certificates").then()
                .statusCode(201).extract().path("certificates[0].id");
        given().post("/expiry-sweeps").then().statusCode(200);
        assertThat(renewalDue(id, 1)).as("the sweep's RenewalDue").hasSize(1);

        assertThat(renewals.reemitUnacknowledged(Instant.now())).as("within certlife.reconcile.after nothing is repaired")
                .isZero();
        // an hour later (certlife.reconcile.after) with no RenewalPlanned: emitted again, the same generation
        assertThat(renewals.reemitUnacknowledged(Instant.now().plus(Duration.ofMinutes(61)))).isGreaterThanOrEqualTo(1);
        List<RenewalDueV1> due = renewalDue(id, 2);
        assertThat(due).hasSize(2).allSatisfy(d -> assertThat(d.generation()).isEqualTo(2));

        kafka.sendEvent(CloudEvent.create("/certlife/renewal", UUID.randomUUID().toString(), new RenewalPlannedV1(
                UUID.randomUUID().toString(), id, 2, "SELF_SIGNED", "CN=reconcile", List.of("reconcile.contoso.com"), "RSA",
                2048, false, List.of(), List.of(), true), Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(id));
        renewals.reemitUnacknowledged(Instant.now().plus(Duration.ofHours(3)));
        assertThat(renewalDue(id, 3)).as("acknowledged: not emitted again").hasSize(2);
    }

    private boolean acknowledged(String id) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                        select acknowledged_at is not null from inventory.lifecycle_notice
                        where certificate_id = cast(:id as uuid) and notice = 'RENEWAL_DUE'""")
                .setParameter("id", id).getSingleResult().equals(Boolean.TRUE));
    }

    private List<RenewalDueV1> renewalDue(String id, int atMost) {
        return kafka.await(Topics.INVENTORY_EVENTS, r -> r.value().contains("io.certlife.renewal.due.v1") && r.value().contains(id),
                atMost, Duration.ofSeconds(10)).stream().map(r -> (RenewalDueV1) EventCodec.decode(r.value()).data()).toList();
    }
}
