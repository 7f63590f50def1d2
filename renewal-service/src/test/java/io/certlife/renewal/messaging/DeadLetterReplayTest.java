package io.certlife.renewal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.access.Roles;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A valid event whose effect keeps failing (a database trigger refuses the renewal's insert, as a broken migration or a
 * revoked grant would) becomes a dead letter only after {@code certlife.inbox.retry-for}; it is then visible at
 * {@code GET /dead-letters} with its reason, counted in metrics and readiness, and a replay once the cause is gone
 * applies it through the same consumer and dedupe.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class DeadLetterReplayTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    EntityManager entityManager;

    @Test
    void aDeadLetteredRenewalDueIsListedAndAReplayPlansItOnce() {
        String certificateId = UUID.randomUUID().toString();
        String garbageKey = "garbage-" + UUID.randomUUID();
        sql("""
                create or replace function renewal.refuse_renewal() returns trigger language plpgsql as $$
                begin
                  if new.certificate_id = '%s' then raise exception 'renewal table refuses this certificate (test)'; end if;
                  return new;
                end $$""".formatted(certificateId));
        sql("create trigger refuse_renewal before insert on renewal.renewal for each row execute function renewal.refuse_renewal()");
        CloudEvent<RenewalDueV1> due = RenewalDueConsumerTest.renewalDue(certificateId, true);
        try {
            kafka.sendEvent(due);
            kafka.send(Topics.INVENTORY_EVENTS, garbageKey, "{not json");

            Map<String, Object> letter = awaitOpenLetter(certificateId);
            assertThat((String) letter.get("reason")).contains("event " + due.id()).contains("failed").contains("times")
                    .contains("renewal table refuses this certificate");
            assertThat(letter.get("sourceTopic")).isEqualTo(Topics.INVENTORY_EVENTS);
            long id = ((Number) letter.get("id")).longValue();
            JsonPath one = TestTokens.as(Roles.OPERATOR).get("/dead-letters/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(one.getString("payload")).contains(due.id());
            assertThat(RestAssured.get("/q/metrics").then().extract().asString())
                    .containsPattern("certlife_dead_letters\\{[^}]*topic=\"certlife.inventory.events\"[^}]*} [1-9]");
            assertThat(RestAssured.get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                    .getMap("checks.find { it.name == 'certlife delivery' }.data")).containsKey("deadLetters " + Topics.INVENTORY_EVENTS);

            // the cause is still there: the replay fails, nothing is kept and the letter stays open
            JsonPath refused = TestTokens.as(Roles.OPERATOR).post("/dead-letters/" + id + "/replay").then().statusCode(503)
                    .contentType("application/problem+json").extract().jsonPath();
            assertThat(refused.getString("detail")).contains("stays open");
            assertThat(renewals(certificateId)).isZero();

            sql("drop trigger refuse_renewal on renewal.renewal");
            assertThat(TestTokens.as(Roles.OPERATOR).post("/dead-letters/" + id + "/replay").then().statusCode(200)
                    .extract().jsonPath().getString("outcome")).isEqualTo("APPLIED");
            assertThat(renewals(certificateId)).isEqualTo(1);
            assertThat(TestTokens.as(Roles.OPERATOR).post("/dead-letters/" + id + "/replay").then().statusCode(409)
                    .extract().jsonPath().getString("detail")).contains("already resolved");
            // the event itself redelivered (a producer's retry) is deduplicated against the replay
            kafka.sendEvent(due);
            String marker = UUID.randomUUID().toString();
            kafka.sendEvent(RenewalDueConsumerTest.renewalDue(marker, false));
            awaitRenewal(marker);
            assertThat(TestTokens.as(Roles.OPERATOR).get("/dead-letters/" + id).then().extract().jsonPath()
                    .getString("resolution")).isEqualTo("APPLIED");

            Map<String, Object> garbage = awaitOpenLetter(garbageKey);
            assertThat(TestTokens.as(Roles.OPERATOR).post("/dead-letters/" + garbage.get("id") + "/replay").then().statusCode(422)
                    .extract().jsonPath().getString("detail")).contains("still cannot be processed").contains("InvalidJson");
            assertThat(TestTokens.as(Roles.OPERATOR).get("/dead-letters?status=NOW").then().statusCode(400)
                    .extract().jsonPath().getString("detail")).contains("OPEN or ALL");
            assertThat(TestTokens.as(Roles.OPERATOR).get("/dead-letters/999999999").then().statusCode(404)
                    .extract().jsonPath().getString("detail")).contains("no dead letter");
        } finally {
            sql("drop trigger if exists refuse_renewal on renewal.renewal");
        }
        assertThat(renewals(certificateId)).as("the redelivered event planned nothing twice").isEqualTo(1);
    }

    private Map<String, Object> awaitOpenLetter(String key) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> open = TestTokens.as(Roles.OPERATOR).get("/dead-letters").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            for (Map<String, Object> letter : open) {
                if (key.equals(letter.get("key"))) {
                    return letter;
                }
            }
            sleep();
        }
        throw new AssertionError("no open dead letter with key " + key + " within 60 s");
    }

    /** A RenewalDue sent after others is planned once those before it were consumed. */
    private void awaitRenewal(String certificateId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (renewals(certificateId) == 0) {
            assertThat(Instant.now()).as("renewal of " + certificateId + " planned within 30 s").isBefore(deadline);
            sleep();
        }
    }

    private long renewals(String certificateId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from renewal.renewal where certificate_id = :id")
                .setParameter("id", certificateId).getSingleResult()).longValue());
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(statement).executeUpdate());
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
