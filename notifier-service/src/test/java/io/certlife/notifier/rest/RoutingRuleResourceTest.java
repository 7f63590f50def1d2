package io.certlife.notifier.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.certlife.notifier.NotifierSinks;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Routing rules over REST: seeded from configuration, editable, and refused with a 4xx naming the problem. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
class RoutingRuleResourceTest {

    @Test
    void theConfiguredRulesExistAndARuleCanBeCreatedChangedAndDeleted() {
        given().get("/routing-rules").then().statusCode(200).body("name", hasItem("owner-email"));
        String name = "rule-" + UUID.randomUUID();
        String id = given().contentType("application/json").body(rule(name, "SLACK", "ops-slack"))
                .post("/routing-rules").then().statusCode(201).body("minSeverity", equalTo("CRITICAL")).extract().path("id");
        given().contentType("application/json").body(rule(name, "SLACK", "ops-slack"))
                .post("/routing-rules").then().statusCode(409).body("detail", equalTo("a routing rule named '" + name + "' exists already"));
        Map<String, Object> changed = rule(name, "EMAIL", "pki@contoso.com");
        given().contentType("application/json").body(changed).put("/routing-rules/" + id).then().statusCode(200)
                .body("channel", equalTo("EMAIL")).body("recipients", equalTo(List.of("pki@contoso.com")));
        given().delete("/routing-rules/" + id).then().statusCode(204);
        given().get("/routing-rules/" + id).then().statusCode(404);
        given().get("/routing-rules").then().body("name", not(hasItem(name)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "unknown channel      | PAGER | x                 | channel must be one of [EMAIL, SLACK, TEAMS, WEBHOOK], not 'PAGER'",
        "not an address       | EMAIL | pki-at-contoso    | 'pki-at-contoso' is not an email address",
        "unconfigured chat    | SLACK | nowhere           | no SLACK endpoint named 'nowhere' is configured",
        "endpoint of a type   | TEAMS | ops-slack         | no TEAMS endpoint named 'ops-slack' is configured",
    })
    void aRuleThatCouldNeverDeliverIsRefused(String name, String channel, String recipient, String problem) {
        given().contentType("application/json").body(rule("bad-" + UUID.randomUUID(), channel, recipient)).post("/routing-rules")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.startsWith(problem));
    }

    @Test
    void unknownKindsSeveritiesAndRolesAndUnreadableBodiesAreRefused() {
        Map<String, Object> kind = rule("bad-kind", "EMAIL", "@owner");
        kind.put("eventTypes", List.of("CERTIFICATE_EXPLODED"));
        given().contentType("application/json").body(kind).post("/routing-rules").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.startsWith("unknown event type 'CERTIFICATE_EXPLODED'"));
        Map<String, Object> severity = rule("bad-severity", "EMAIL", "@owner");
        severity.put("minSeverity", "LOUD");
        given().contentType("application/json").body(severity).post("/routing-rules").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.startsWith("unknown minSeverity 'LOUD'"));
        Map<String, Object> role = rule("bad-role", "EMAIL", "@owner");
        role.put("role", "CAS");
        given().contentType("application/json").body(role).post("/routing-rules").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.startsWith("unknown role 'CAS'"));
        given().contentType("application/json").body("{\"name\":").post("/routing-rules").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.startsWith("the body is not valid JSON"));
        given().contentType("application/json").body(Map.of("name", "no-recipients", "channel", "EMAIL")).post("/routing-rules")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.startsWith("recipients must name at least one recipient"));
    }

    private static Map<String, Object> rule(String name, String channel, String recipient) {
        Map<String, Object> rule = new HashMap<>();
        rule.put("name", name);
        rule.put("channel", channel);
        rule.put("recipients", List.of(recipient));
        rule.put("eventTypes", List.of("RENEWAL_FAILED"));
        rule.put("minSeverity", "CRITICAL");
        return rule;
    }
}
