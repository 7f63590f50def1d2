package io.certlife.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.certlife.access.Roles;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** API tokens as a caller presents them: only a known, unexpired token is anyone; health stays open to the platform. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class ApiTokenTest {

    @Test
    void aKnownTokenIsItsHolder() {
        TestTokens.as(Roles.VIEWER).get("/teams").then().statusCode(200);
    }

    @Test
    void meNamesTheHolderAndItsCertlifeRoles() {
        TestTokens.as(Roles.OPERATOR).get("/me").then().statusCode(200)
                .body("name", equalTo(Roles.OPERATOR))
                .body("roles", contains(Roles.VIEWER, Roles.OPERATOR));
        TestTokens.as(TestTokens.EVERYONE).get("/me").then().statusCode(200)
                .body("roles", contains(Roles.ALL.toArray()));
        TestTokens.as(null).get("/me").then().statusCode(401);
    }

    @Test
    void noTokenAnUnknownOneAnExpiredOneOrAnotherSchemeIsRefusedWithAChallenge() {
        TestTokens.as(null).get("/teams").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer certlife_not-a-token-anyone-holds").get("/teams").then().statusCode(401);
        TestTokens.as(TestTokens.EXPIRED).get("/teams").then().statusCode(401);
        given().header("Authorization", "Basic " + TestTokens.secret(TestTokens.EVERYONE)).get("/teams").then().statusCode(401);
    }

    @Test
    void theOpenApiDocumentSaysHowToAuthenticateAndWhichRolesEachOperationNeeds() {
        var openApi = TestTokens.as(null).get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(openApi.getString("components.securitySchemes.certlife.scheme")).isEqualTo("bearer");
        assertThat(openApi.getList("paths.'/teams/{name}'.put.security[0].certlife")).containsExactly(Roles.ADMIN);
        assertThat(openApi.getList("paths.'/teams'.get.security[0].certlife")).containsExactly(Roles.VIEWER);
    }

    @Test
    void healthMetricsAndTheOpenApiDocumentNeedNoToken() {
        for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi"}) {
            TestTokens.as(null).get(path).then().statusCode(200);
        }
    }
}
