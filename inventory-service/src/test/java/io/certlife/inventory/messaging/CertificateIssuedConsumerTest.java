package io.certlife.inventory.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An issued replacement, delivered twice, registers once: replaces link, next generation, pending in the old slots. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class CertificateIssuedConsumerTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void anIssuedCertificateReplacesTheOldOneInItsSlotsOnce() {
        Instant now = Instant.now();
        given().contentType("application/yaml").body("""
                sites: [{name: Issued-Site, timeZone: UTC}]
                servers: [{fqdn: hub21.contoso.com, site: Issued-Site, roles: [HUB_TRANSPORT]}]
                """.getBytes()).post("/estate/import").then().statusCode(200);
        var old = TestCertificates.selfSigned("hub21", List.of("hub21", "hub21.contoso.com"),
                now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS));
        String oldId = given().contentType("application/x-pem-file").body(old.pem().getBytes())
                .post("/certificates").then().statusCode(201).extract().path("certificates[0].id");
        given().contentType("application/json").body(Map.of("server", "hub21.contoso.com", "service", "SMTP", "certificateId", oldId))
                .put("/servers/hub21.contoso.com/bindings/SMTP").then().statusCode(201);

        var renewed = TestCertificates.selfSigned("hub21", List.of("hub21", "hub21.contoso.com"),
                now, now.plus(365, ChronoUnit.DAYS));
        String newId = UUID.randomUUID().toString();
        CloudEvent<CertificateIssuedV1> issued = CloudEvent.create("/certlife/renewal", UUID.randomUUID().toString(),
                new CertificateIssuedV1(UUID.randomUUID().toString(), oldId, new CertificateSummary(newId,
                        "0".repeat(40), null, "CN=hub21", "CN=hub21", "01", List.of("hub21", "hub21.contoso.com"), now,
                        now.plus(365, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", true),
                        renewed.pem(), List.of(), List.of(new SlotRef("hub21.contoso.com", ServiceKind.SMTP)), false),
                Clock.systemUTC());
        kafka.sendEvent(issued);
        kafka.sendEvent(issued);

        await().atMost(Duration.ofSeconds(30)).until(() -> replacements(oldId).size() == 1);
        Map<String, Object> replacement = replacements(oldId).get(0);
        assertThat(replacement).as("the id renewal-service gave it").containsEntry("id", newId).containsEntry("generation", 2).containsEntry("source", "ISSUED")
                .containsEntry("privateKeyExportable", false);
        given().get("/bindings?server=hub21.contoso.com").then().statusCode(200)
                .body("[0].certificateId", org.hamcrest.Matchers.equalTo(oldId))
                .body("[0].pendingCertificateId", org.hamcrest.Matchers.equalTo(replacement.get("id")));
    }

    private static List<Map<String, Object>> replacements(String oldId) {
        return given().get("/certificates?size=1000").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$").stream().filter(c -> oldId.equals(c.get("replacesId"))).toList();
    }
}
