package io.certlife.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * The console's own refusals, with the services away (nothing listens where it calls them): every page sends the
 * anonymous, and anyone with a cookie the console did not seal, to the sign-in form; the form names what is wrong with
 * what was entered, and says when the token cannot be checked. The pages with the services there: deploy/local's
 * ConsoleIT.
 */
@QuarkusTest
@TestProfile(NewSessionKey.class)
class SignInTest {

    private static RequestSpecification noRedirects() {
        return given().config(RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig().followRedirects(false)));
    }

    @Test
    void everyPageSendsTheAnonymousAndForgedSessionsToSignIn() {
        for (String page : new String[] {"/", "/estate", "/certificates/00000000-0000-0000-0000-000000000000"}) {
            noRedirects().get(page).then().statusCode(303).header("Location", containsString("/sign-in"));
            noRedirects().cookie(SessionCookieMechanism.COOKIE, "forged").get(page).then().statusCode(303)
                    .header("Location", containsString("/sign-in"));
        }
    }

    @Test
    void theFormIsLabelledAndRefusesWhatIsNotAToken() {
        given().get("/sign-in").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<label for=\"token\">API token</label>"))
                .body(containsString("<html lang=\"en\">"));
        given().formParam("token", " ").post("/sign-in").then().statusCode(400).body(containsString("Enter your API token."));
        given().formParam("token", "hunter2").post("/sign-in").then().statusCode(400)
                .body(containsString("they start with certlife_")).body(not(containsString("hunter2")));
    }

    @Test
    void withoutAnIdentityProviderThereIsOnlyTheTokenForm() {
        given().get("/sign-in").then().statusCode(200).body(not(containsString("/sign-in/oidc/start")));
        given().get("/sign-in/oidc/start").then().statusCode(404).body(containsString("no identity provider is configured"));
        given().queryParam("code", "c").queryParam("state", "s").get("/sign-in/oidc").then().statusCode(404);
    }

    @Test
    void aTokenThatCannotBeCheckedIsNotASignInAndSaysWhy() {
        String token = "certlife_" + "A".repeat(43);
        noRedirects().formParam("token", token).post("/sign-in").then().statusCode(503)
                .body(containsString("Cannot check the token now: inventory-service did not answer"))
                .body(not(containsString(token)))
                .header("Set-Cookie", equalTo(null));
    }

    @Test
    void anActionFromAnotherSiteIsRefused() {
        noRedirects().header("Origin", "https://evil.example").post("/sign-out").then().statusCode(403)
                .body(containsString("comes from another site"));
        // without a session an action goes no further than the sign-in (a signed-in one: DemoIT)
        noRedirects().header("Origin", "https://evil.example")
                .post("/certificates/00000000-0000-0000-0000-000000000000/renew").then().statusCode(303)
                .header("Location", containsString("/sign-in"));
    }

    @Test
    void signOutClearsTheCookie() {
        noRedirects().post("/sign-out").then().statusCode(303).header("Location", containsString("/sign-in"))
                .header("Set-Cookie", containsString(SessionCookieMechanism.COOKIE + "=;"))
                .header("Set-Cookie", containsString("Max-Age=0"));
    }
}
