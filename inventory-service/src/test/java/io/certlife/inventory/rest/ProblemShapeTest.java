package io.certlife.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.certlife.testsupport.CertlifeInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every refusal, whoever makes it (a service, bean validation, Jackson, Quarkus REST), answers in one problem shape. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class ProblemShapeTest {

    @Test
    void beanValidationAnswersLikeEveryOther400() {
        problem(given().contentType("application/json").body(Map.of("name", "shape-team", "email", "not-an-address"))
                .put("/teams/shape-team"), 400, "invalid", "Bad Request")
                .body("detail", startsWith("email "));
    }

    @Test
    void unreadableBodiesAndUnknownValuesNameTheProblem() {
        problem(given().contentType("application/json").body("{\"name\": ").put("/teams/shape-team"), 400, "invalid",
                "Bad Request").body("detail", containsString("not valid JSON"));
        problem(given().contentType("application/json")
                .body(Map.of("fqdn", "shape.contoso.com", "site", "x", "roles", List.of("WIZARD")))
                .put("/servers/shape.contoso.com"), 400, "invalid", "Bad Request")
                .body("detail", allOf(containsString("WIZARD"), containsString("CLIENT_ACCESS")));
    }

    @Test
    void refusalsOfTheServiceAndOfQuarkusRestShareTheShape() {
        problem(given().get("/teams/nobody-at-all"), 404, "not-found", "Not Found")
                .body("detail", equalTo("no team nobody-at-all"));
        problem(given().get("/no-such-resource"), 404, "not-found", "Not Found");
        problem(given().contentType("application/json").body(Map.of("name", "Empty", "timeZone", "UTC"))
                .put("/sites/Other"), 400, "invalid", "Bad Request")
                .body("detail", containsString("differs from the path"));
    }

    private static ValidatableResponse problem(io.restassured.response.Response response, int status, String kind,
                                               String title) {
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:certlife:problem:" + kind))
                .body("title", equalTo(title))
                .body("status", equalTo(status));
    }
}
