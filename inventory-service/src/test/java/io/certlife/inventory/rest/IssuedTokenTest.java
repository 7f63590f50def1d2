package io.certlife.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.certlife.access.ApiTokens;
import io.certlife.access.Roles;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.LogCapture;
import io.certlife.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * API tokens made through the API: the secret is shown once and stored nowhere, the holder has exactly the token's
 * roles, a revoked or expired token is refused, and no secret reaches the table, the audit trail or the logs.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class IssuedTokenTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    EntityManager entityManager;

    @Test
    void aTokenIsShownOnceWorksWithItsRolesAndIsRefusedOnceRevoked() {
        String name = "ops-platform-" + UUID.randomUUID().toString().substring(0, 8);
        try (LogCapture logs = LogCapture.start()) {
            JsonPath created = TestTokens.as(Roles.ADMIN).contentType("application/json")
                    .body(Map.of("name", name, "roles", List.of(Roles.OPERATOR))).post("/tokens")
                    .then().statusCode(201).extract().jsonPath();
            String secret = created.getString("secret");
            String id = created.getString("id");
            assertThat(secret).startsWith(ApiTokens.PREFIX).hasSizeGreaterThan(ApiTokens.PREFIX.length() + 42);
            assertThat(Instant.parse(created.getString("expiresAt")))
                    .isBetween(Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));

            given().header("Authorization", "Bearer " + secret).get("/teams").then().statusCode(200);
            given().header("Authorization", "Bearer " + secret).contentType("application/json").body(Map.of("name", name))
                    .put("/teams/" + name).then().statusCode(403)
                    .body("detail", containsString(Roles.ADMIN));
            given().header("Authorization", "Bearer " + secret).get("/tokens").then().statusCode(403);

            String listed = TestTokens.as(Roles.ADMIN).get("/tokens").then().statusCode(200).extract().asString();
            assertThat(listed).contains(name).doesNotContain(secret).doesNotContain(ApiTokens.sha256Hex(secret))
                    .doesNotContain("\"secret\"");
            Map<String, Object> row = TestTokens.as(Roles.ADMIN).get("/tokens").then().extract().jsonPath()
                    .getMap("find { it.id == '" + id + "' }");
            assertThat(row).containsEntry("createdBy", Roles.ADMIN).containsEntry("roles", List.of(Roles.OPERATOR));
            assertThat(row.get("lastUsedAt")).as("the token was used").isNotNull();
            assertThat(storedColumns(id)).contains(ApiTokens.sha256Hex(secret)).doesNotContain(secret);

            TestTokens.as(Roles.ADMIN).delete("/tokens/" + id).then().statusCode(200).body("revokedBy", containsString(Roles.ADMIN));
            given().header("Authorization", "Bearer " + secret).get("/teams").then().statusCode(401);
            TestTokens.as(Roles.ADMIN).delete("/tokens/" + id).then().statusCode(200);

            // the name is free again once revoked
            TestTokens.as(Roles.ADMIN).contentType("application/json")
                    .body(Map.of("name", name, "roles", List.of(Roles.VIEWER))).post("/tokens").then().statusCode(201);

            String audit = kafka.await(Topics.AUDIT_EVENTS, r -> r.value().contains("/tokens"), 3, Duration.ofSeconds(20))
                    .toString() + TestTokens.as(Roles.ADMIN).get("/audit?limit=1000").then().extract().asString();
            assertThat(audit).contains("/tokens/" + id).doesNotContain(secret);
            assertThat(logs.text()).as("the logs name the token").contains("API token " + name).doesNotContain(secret);
        }
    }

    @Test
    void aTokenStopsWorkingWhenItExpires() {
        Instant expiry = Instant.now().plusSeconds(3);
        String secret = TestTokens.as(Roles.ADMIN).contentType("application/json")
                .body(Map.of("name", "short-" + UUID.randomUUID().toString().substring(0, 8), "roles", List.of(Roles.VIEWER),
                        "expiresAt", expiry.toString()))
                .post("/tokens").then().statusCode(201).extract().path("secret");
        given().header("Authorization", "Bearer " + secret).get("/teams").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + secret).get("/teams").then().statusCode(401));
        assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    }

    @Test
    void badRequestsAreRefusedNamingTheProblem() {
        String name = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        TestTokens.as(Roles.ADMIN).contentType("application/json").body(Map.of("name", name, "roles", List.of("root")))
                .post("/tokens").then().statusCode(400).body("detail", containsString("root"));
        TestTokens.as(Roles.ADMIN).contentType("application/json").body(Map.of("name", "Not OK", "roles", List.of(Roles.VIEWER)))
                .post("/tokens").then().statusCode(400).body(containsString("name"));
        TestTokens.as(Roles.ADMIN).contentType("application/json").body(Map.of("name", name, "roles", List.of(Roles.VIEWER),
                "expiresAt", "2001-01-01T00:00:00Z")).post("/tokens").then().statusCode(400).body("detail", containsString("expiresAt"));
        TestTokens.as(Roles.ADMIN).contentType("application/json").body(Map.of("name", name, "roles", List.of(Roles.VIEWER)))
                .post("/tokens").then().statusCode(201);
        TestTokens.as(Roles.ADMIN).contentType("application/json").body(Map.of("name", name, "roles", List.of(Roles.VIEWER)))
                .post("/tokens").then().statusCode(409).body("detail", containsString(name));
        TestTokens.as(Roles.ADMIN).delete("/tokens/" + UUID.randomUUID()).then().statusCode(404);
        TestTokens.as(Roles.ADMIN).delete("/tokens/not-a-uuid").then().statusCode(400).body("detail", containsString("UUID"));
        TestTokens.as(Roles.VIEWER).contentType("application/json").body(Map.of("sha256", "xyz"))
                .post("/tokens/lookup").then().statusCode(400);
    }

    private String storedColumns(String id) {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery(
                        "select name, sha256, array_to_string(roles, ','), created_by from {h-schema}api_token where id = cast(?1 as uuid)")
                .setParameter(1, id).getSingleResult());
        return String.join(" ", Arrays.stream(row).map(String::valueOf).toList());
    }
}
