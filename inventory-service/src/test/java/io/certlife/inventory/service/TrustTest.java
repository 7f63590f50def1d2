package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.inventory.policy.PlanningRules;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whether a certificate chains to the estate's trust anchors is a stored fact apart from what the certificate claims:
 * true, false (another root, or a forged signature under a trusted issuer's name), or null (not decidable).
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class TrustTest {

    @Test
    void certificatesChainToTheAnchorsOrSayWhyNot() {
        Instant now = Instant.now();
        var root = TestCertificates.certificateAuthority("Trust Test Root", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
        var impostor = TestCertificates.certificateAuthority("Trust Test Root", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
        var otherRoot = TestCertificates.certificateAuthority("Trust Test Other Root", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
        var unheld = TestCertificates.certificateAuthority("Trust Test Unheld CA", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
        given().contentType("application/x-pem-file").body((root.pem() + otherRoot.pem()).getBytes()).post("/certificates")
                .then().statusCode(201);
        String good = importLeaf(root, "t1.trust.test");
        String forged = importLeaf(impostor, "t2.trust.test");
        String otherChain = importLeaf(otherRoot, "t3.trust.test");
        String unknown = importLeaf(unheld, "t4.trust.test");
        given().contentType("application/yaml").body(("sites: [{name: Trust-Lab, timeZone: UTC}]\nservers: [{fqdn: t2.trust.test, "
                + "site: Trust-Lab, roles: [HUB_TRANSPORT]}]\n").getBytes()).post("/estate/import").then().statusCode(200);
        given().contentType("application/json").body(Map.of("server", "t2.trust.test", "service", "SMTP", "certificateId", forged))
                .put("/servers/t2.trust.test/bindings/SMTP").then().statusCode(201);

        given().delete("/trust-anchors").then().statusCode(204);
        assertThat(trusted(good)).as("no anchors: cannot be told").isNull();

        given().contentType("application/x-pem-file").body(root.pem().getBytes()).put("/trust-anchors").then().statusCode(200)
                .body("count", equalTo(1));
        assertThat(trusted(good)).isTrue();
        assertThat(trusted(forged)).as("names the trusted root, signed by another key").isFalse();
        assertThat(trusted(otherChain)).as("chains to a root that is not an anchor").isFalse();
        assertThat(trusted(unknown)).as("its issuer is not in the inventory").isNull();
        given().get("/findings?ruleId=" + PlanningRules.UNTRUSTED_CHAIN + "&certificateId=" + forged).then().statusCode(200)
                .body("[0].severity", equalTo("ERROR")).body("[0].message", containsString("t2.trust.test"));
        given().get("/trust-anchors").then().statusCode(200).body(containsString("BEGIN CERTIFICATE"));

        // the issuer arrives later: the certificates it issued are decided then
        given().contentType("application/x-pem-file").body(unheld.pem().getBytes()).post("/certificates").then().statusCode(201);
        assertThat(trusted(unknown)).as("chains to the unheld CA's own root, not an anchor").isFalse();

        given().contentType("application/x-pem-file").body("not a certificate".getBytes()).put("/trust-anchors").then().statusCode(400);
        given().contentType("application/x-pem-file").body(TestCertificates.issuedBy(root, "leaf.trust.test", List.of(), now,
                now.plus(30, ChronoUnit.DAYS), null).pem().getBytes()).put("/trust-anchors").then().statusCode(400)
                .body("detail", containsString("not a CA"));

        given().delete("/trust-anchors").then().statusCode(204);
        assertThat(trusted(forged)).isNull();
        given().get("/findings?ruleId=" + PlanningRules.UNTRUSTED_CHAIN + "&certificateId=" + forged).then().statusCode(200)
                .body("size()", equalTo(0));
    }

    private static String importLeaf(TestCertificates.Issued ca, String name) {
        Instant now = Instant.now();
        return given().contentType("application/x-pem-file").body(TestCertificates.issuedBy(ca, name, List.of(name), now,
                        now.plus(300, ChronoUnit.DAYS), null).pem().getBytes()).post("/certificates")
                .then().statusCode(201).extract().path("certificates[0].id");
    }

    private static Boolean trusted(String id) {
        return given().get("/certificates/" + id).then().statusCode(200).extract().path("trusted");
    }
}
