package io.certlife.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.access.Roles;
import io.certlife.events.AuditRecordedV1;
import io.certlife.events.EventCodec;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit trail records who changed what and who was refused, in the service's table (readable by admins) and as
 * {@code AuditRecorded} on its own topic, and never a secret.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class AuditTrailTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    EntityManager entityManager;

    @Test
    void aChangeAndEveryRefusedAttemptAreRecordedWithWhoWhatAndTheOutcome() {
        String team = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        String requestId = UUID.randomUUID().toString();
        TestTokens.as(Roles.ADMIN).header("X-Request-Id", requestId).contentType("application/json")
                .body(Map.of("name", team)).put("/teams/" + team).then().statusCode(201);
        TestTokens.as(Roles.VIEWER).contentType("application/json").body(Map.of("name", team)).put("/teams/" + team)
                .then().statusCode(403);
        TestTokens.as(null).get("/teams/" + team).then().statusCode(401);
        given().header("Authorization", "Bearer certlife_forged-" + team).delete("/teams/" + team).then().statusCode(401);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(records(null))
                .filteredOn(r -> r.get("object").equals("/teams/" + team))
                .extracting(r -> r.get("subject") + " " + r.get("action") + " " + r.get("outcome"))
                .containsExactlyInAnyOrder("admin PUT /teams/" + team + " 201", "viewer PUT /teams/" + team + " 403",
                        "anonymous GET /teams/" + team + " 401", "anonymous DELETE /teams/" + team + " 401"));
        Map<String, Object> change = records(Roles.ADMIN).stream().filter(r -> r.get("object").equals("/teams/" + team))
                .findFirst().orElseThrow();
        assertThat(change).containsEntry("requestId", requestId).containsEntry("roles", List.of(Roles.ADMIN, Roles.VIEWER));
        assertThat(change.get("address")).isNotNull();

        List<AuditRecordedV1> published = kafka.await(Topics.AUDIT_EVENTS, r -> r.value().contains("/teams/" + team), 4,
                Duration.ofSeconds(20)).stream().map(r -> (AuditRecordedV1) EventCodec.decode(r.value()).data()).toList();
        assertThat(published).extracting(AuditRecordedV1::outcome).containsExactlyInAnyOrder(201, 403, 401, 401);
        assertThat(published).allSatisfy(event -> assertThat(event.service()).isEqualTo("inventory-service"));
        assertThat(published.toString()).doesNotContain(TestTokens.secret(Roles.ADMIN), TestTokens.secret(Roles.VIEWER),
                "forged-" + team);
    }

    /**
     * A change and its record are one PostgreSQL transaction (the rows carry the same {@code xmin}); a change that fails
     * rolls back and only its refusal is recorded.
     */
    @Test
    void aChangeAndItsRecordCommitTogetherAndAFailedChangeLeavesOnlyItsRefusal() {
        String team = "tx-" + UUID.randomUUID().toString().substring(0, 8);
        String requestId = UUID.randomUUID().toString();
        TestTokens.as(Roles.ADMIN).header("X-Request-Id", requestId).contentType("application/json")
                .body(Map.of("name", team)).put("/teams/" + team).then().statusCode(201);
        // recorded before the answer, not after it: no waiting
        long changed = transactionOf("select xmin::text::bigint from {h-schema}team where name = ?1", team);
        long recorded = transactionOf("select xmin::text::bigint from {h-schema}audit_record where request_id = ?1", requestId);
        assertThat(recorded).as("the audit record's transaction").isEqualTo(changed);

        String site = "tx-site-" + UUID.randomUUID().toString().substring(0, 8);
        TestTokens.as(Roles.ADMIN).contentType("application/json").body(Map.of("name", site, "timeZone", "UTC", "owner", team))
                .put("/sites/" + site).then().statusCode(201);
        String refusedId = UUID.randomUUID().toString();
        TestTokens.as(Roles.ADMIN).header("X-Request-Id", refusedId).delete("/teams/" + team).then().statusCode(409);
        TestTokens.as(Roles.VIEWER).get("/teams/" + team).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(records(Roles.ADMIN))
                .filteredOn(r -> refusedId.equals(r.get("requestId"))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("outcome", 409).containsEntry("action", "DELETE /teams/" + team)));
    }

    private long transactionOf(String sql, String parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }

    @Test
    void onlyAdminsReadTheTrail() {
        TestTokens.as(Roles.OPERATOR).get("/audit").then().statusCode(403);
        TestTokens.as(Roles.ADMIN).get("/audit?limit=0").then().statusCode(400);
    }

    private static List<Map<String, Object>> records(String subject) {
        return TestTokens.as(Roles.ADMIN).get("/audit?limit=1000" + (subject == null ? "" : "&subject=" + subject)).then()
                .statusCode(200).extract().jsonPath().getList("$");
    }
}
