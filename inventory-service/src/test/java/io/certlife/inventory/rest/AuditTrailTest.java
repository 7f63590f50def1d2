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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
