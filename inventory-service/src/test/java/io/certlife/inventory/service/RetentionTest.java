package io.certlife.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.delivery.OutboxRelay;
import io.certlife.inventory.discovery.Observations;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tables that would only grow: processed-event ids and observations are forgotten after their retention, not before. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class RetentionTest {

    @Inject
    OutboxRelay relay;

    @Inject
    Observations observations;

    @Inject
    EntityManager entityManager;

    @Test
    void processedEventIdsAreKeptLongerThanTheBrokerKeepsRecordsThenForgotten() {
        Instant now = Instant.now();
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        insert("insert into {h-schema}processed_event (consumer, event_id, processed_at) values ('retention-test', ?1, ?2)",
                old, now.minus(15, ChronoUnit.DAYS));
        insert("insert into {h-schema}processed_event (consumer, event_id, processed_at) values ('retention-test', ?1, ?2)",
                recent, now.minus(13, ChronoUnit.DAYS));
        assertThat(relay.purge(now)[1]).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from {h-schema}processed_event where event_id = ?1", old)).isZero();
        assertThat(count("select count(*) from {h-schema}processed_event where event_id = ?1", recent)).as("within 14 days").isOne();
    }

    @Test
    void anEndpointNotSeenForAWeekIsForgotten() {
        Instant now = Instant.now();
        String stale = "stale-" + UUID.randomUUID() + ":443";
        String fresh = "fresh-" + UUID.randomUUID() + ":443";
        insert("insert into {h-schema}observation (endpoint, thumbprint_sha1, observed_at) values (?1, 'AB', ?2)", stale,
                now.minus(8, ChronoUnit.DAYS));
        insert("insert into {h-schema}observation (endpoint, thumbprint_sha1, observed_at) values (?1, 'AB', ?2)", fresh,
                now.minus(6, ChronoUnit.DAYS));
        assertThat(observations.purge(now)).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from {h-schema}observation where endpoint = ?1", stale)).isZero();
        assertThat(count("select count(*) from {h-schema}observation where endpoint = ?1", fresh)).isOne();
    }

    private void insert(String sql, String key, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(sql).setParameter(1, key)
                .setParameter(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).executeUpdate());
    }

    private long count(String sql, String key) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql).setParameter(1, key)
                .getSingleResult()).longValue());
    }
}
