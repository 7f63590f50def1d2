package io.certlife.renewal.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.testsupport.CertlifeInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Every refusal, whoever makes it (the service, Jackson, Quarkus REST), answers in the problem shape of all services. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class ProblemShapeTest {

    @Test
    void refusalsOfTheServiceAndOfQuarkusRestShareTheShape() {
        problem(given().get("/renewals/00000000-0000-4000-8000-000000000000"), 404, "not-found", "Not Found")
                .body("detail", equalTo("no renewal with id 00000000-0000-4000-8000-000000000000"));
        problem(given().get("/no-such-resource"), 404, "not-found", "Not Found");
    }

    @Test
    void anUnreadableBodyNamesTheProblem() {
        problem(given().contentType("application/json").body("{\"certificateId\": ").post("/renewals"), 400, "invalid",
                "Bad Request").body("detail", containsString("not valid JSON"));
    }

    private static ValidatableResponse problem(Response response, int status, String kind, String title) {
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:certlife:problem:" + kind))
                .body("title", equalTo(title))
                .body("status", equalTo(status));
    }
}
