package io.certlife.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged services against a real identity provider: Keycloak (from Maven Central) with the certlife realm. An ops
 * platform logs in with client credentials and a person with the password grant; both call all three services with the
 * access tokens Keycloak issued, and their realm roles decide what they may do.
 */
class OidcIT {

    @RegisterExtension
    @Order(1)
    static final KeycloakExtension KEYCLOAK = new KeycloakExtension();

    @RegisterExtension
    @Order(2)
    static final LocalSystemExtension LOCAL = new LocalSystemExtension(Optional.empty(), () -> Map.of(
            "QUARKUS_OIDC_TENANT_ENABLED", "true",
            "QUARKUS_OIDC_AUTH_SERVER_URL", KEYCLOAK.realmUrl(),
            "QUARKUS_OIDC_TOKEN_AUDIENCE", "certlife",
            "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "realm_access/roles"));

    @Test
    void anOpsPlatformWithClientCredentialsIsAnOperatorOnEveryService() {
        String token = KEYCLOAK.clientCredentialsToken();
        for (String service : List.of("inventory-service", "renewal-service", "notifier-service")) {
            as(token, service).get(service.equals("inventory-service") ? "/teams"
                    : service.equals("renewal-service") ? "/renewals" : "/alerts").then().statusCode(200);
        }
        as(token, "inventory-service").post("/expiry-sweeps").then().statusCode(200);
        as(token, "inventory-service").contentType("application/json").body(Map.of("name", "platform-team"))
                .put("/teams/platform-team").then().statusCode(403).body("detail", containsString("admin"));
    }

    @Test
    void aPersonWithThePasswordGrantIsWhatHerRealmRolesSay() {
        String alice = KEYCLOAK.aliceToken();
        as(alice, "inventory-service").contentType("application/json").body(Map.of("name", "alices-team"))
                .put("/teams/alices-team").then().statusCode(201);
        as(alice, "renewal-service").get("/renewals").then().statusCode(200);
        as(alice, "notifier-service").get("/tasks").then().statusCode(200);
        // admin is not approver: separate duties
        as(alice, "renewal-service").post("/renewals/" + UUID.randomUUID() + "/approve").then().statusCode(403)
                .body("detail", containsString("approver"));
    }

    @Test
    void withoutATokenOrWithAForgedOneNothingAnswers() {
        as("", "inventory-service").get("/teams").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        as("", "renewal-service").get("/renewals").then().statusCode(401);
        as("", "notifier-service").get("/alerts").then().statusCode(401);
        String forged = KEYCLOAK.aliceToken();
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA";
        as(forged, "inventory-service").get("/teams").then().statusCode(401);
    }

    private static RequestSpecification as(String token, String service) {
        return given().baseUri(LOCAL.system().url(service)).header("Authorization", token.isEmpty() ? "" : "Bearer " + token);
    }
}
