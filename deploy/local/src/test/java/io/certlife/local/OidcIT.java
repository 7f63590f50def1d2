package io.certlife.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The packaged services against a real identity provider: Keycloak (from Maven Central) with the certlife realm. An ops
 * platform logs in with client credentials and a person with the password grant; both call all three services with the
 * access tokens Keycloak issued, and their realm roles decide what they may do. A person signs in to the console in a
 * real browser with the authorization code flow and PKCE, and the console calls the services with Keycloak's token.
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
            "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "realm_access/roles",
            "CERTLIFE_CONSOLE_OIDC_ISSUER", KEYCLOAK.realmUrl(),
            "CERTLIFE_CONSOLE_OIDC_NAME", "Keycloak"));

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

    @Test
    void aPersonSignsInToTheConsoleThroughKeycloakInARealBrowser() throws java.io.IOException {
        String console = LOCAL.system().url(LocalSystem.CONSOLE);
        org.openqa.selenium.chrome.ChromeDriver browser = Browser.start(1280, 800, true);
        try {
            browser.get(console + "/");
            assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
            browser.findElement(By.linkText("Sign in with Keycloak")).click();
            await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("username")).isEmpty());
            assertThat(browser.getCurrentUrl()).as("at Keycloak, asked for the code with PKCE")
                    .startsWith(KEYCLOAK.realmUrl() + "/protocol/openid-connect/auth?")
                    .contains("code_challenge_method=S256").contains("client_id=certlife-console");
            browser.findElement(By.id("username")).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys(KEYCLOAK.alicePassword() + Keys.ENTER);
            Browser.awaitHeading(browser, "Attention", 30);
            assertThat(browser.findElement(By.tagName("header")).getText()).contains("alice (viewer, admin)");
            assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Not shown:");
            // the services answer the console with Keycloak's token: the admin's audit trail, refused to no one else here
            browser.findElement(By.linkText("Audit")).click();
            Browser.awaitHeading(browser, "Audit trail", 20);
            assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Not shown:");
            java.nio.file.Files.write(java.nio.file.Path.of("target", "console-oidc.png"),
                    browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            browser.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().endsWith("/sign-in"));
        } finally {
            browser.quit();
        }
        // a callback that did not start in this browser is refused, and names why
        given().baseUri(console).queryParam("code", "stolen").queryParam("state", "guessed").get("/sign-in/oidc").then()
                .statusCode(400).body(containsString("did not start here"));
        given().baseUri(console).queryParam("error", "access_denied").get("/sign-in/oidc").then().statusCode(401)
                .body(containsString("Keycloak did not sign you in: access_denied"));
    }

    private static RequestSpecification as(String token, String service) {
        return given().baseUri(LOCAL.system().url(service)).header("Authorization", token.isEmpty() ? "" : "Bearer " + token);
    }
}
