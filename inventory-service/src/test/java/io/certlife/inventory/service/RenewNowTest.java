package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.Topics;
import io.certlife.inventory.policy.PublicValidityCap;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** "Renew now" emits RenewalDue at once, carrying what the estate asks of the replacement. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class RenewNowTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void renewNowEmitsRenewalDueWithTheRequirementsOfTheCertificatesSlots() throws IOException {
        try (InputStream estate = getClass().getResourceAsStream("/contoso-estate.yaml")) {
            given().contentType("application/yaml").body(estate.readAllBytes()).post("/estate/import").then().statusCode(200);
        }
        Instant now = Instant.now();
        // not due for months: a fresh 90-day certificate whose second SAN is the published name
        var cert = TestCertificates.selfSigned("cas01-" + UUID.randomUUID(), List.of("autodiscover.contoso.com", "mail.contoso.com"),
                now.minus(1, ChronoUnit.DAYS), now.plus(89, ChronoUnit.DAYS));
        String id = given().contentType("application/x-pem-file").body(cert.pem().getBytes()).post("/certificates").then()
                .statusCode(201).extract().path("certificates[0].id");
        given().contentType("application/json").body(Map.of("server", "cas01.contoso.com", "service", "IIS", "certificateId", id))
                .put("/servers/cas01.contoso.com/bindings/IIS").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));

        given().post("/certificates/" + id + "/renewal").then().statusCode(202);

        RenewalDueV1 due = kafka.await(Topics.INVENTORY_EVENTS, r -> r.value().contains("io.certlife.renewal.due.v1")
                        && r.value().contains(id), 1, Duration.ofSeconds(20)).stream()
                .map(r -> (RenewalDueV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
        assertThat(due.generation()).isEqualTo(2);
        assertThat(due.exportableKeyRequired()).isTrue();
        assertThat(due.requirements().requiredNames()).containsExactly("mail.contoso.com");
        assertThat(due.requirements().firstName()).isEqualTo("mail.contoso.com");
        assertThat(due.requirements().rsaRequired()).as("ISA 2006 on Windows Server 2003 publishes it").isTrue();
        assertThat(due.requirements().maxValidityDays()).isEqualTo(PublicValidityCap.maxDays(Instant.now()));

        given().post("/certificates/" + UUID.randomUUID() + "/renewal").then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.startsWith("no certificate with id"));
    }
}
