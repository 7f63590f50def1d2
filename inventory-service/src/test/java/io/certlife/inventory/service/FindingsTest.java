package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.events.EventCodec;
import io.certlife.events.EventData;
import io.certlife.events.PolicyFindingRaisedV1;
import io.certlife.events.PolicyFindingResolvedV1;
import io.certlife.events.Topics;
import io.certlife.inventory.policy.PlanningRules;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Findings follow the estate: raised when a rule starts to fail, resolved when it stops, never repeated. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class FindingsTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void findingsAreRaisedOnceAndResolvedWhenTheEstateIsFixed() {
        Instant now = Instant.now();
        String estate = """
                sites: [{name: Fabrikam-HQ, timeZone: Europe/London}]
                servers:
                  - {fqdn: cas11.fabrikam.com, site: Fabrikam-HQ, roles: [CLIENT_ACCESS], internetFacing: true}
                  - {fqdn: isa11.fabrikam.com, site: Fabrikam-HQ, roles: [ISA], internetFacing: true, os: WINDOWS_SERVER_2003}
                namespaces:
                  - {name: mail.fabrikam.com, clientProfiles: [OUTLOOK, OWA_BROWSER], servers: [cas11.fabrikam.com], services: [IIS]}
                publishingRules:
                  - {isaServer: isa11.fabrikam.com, webListener: OWA, publicHostName: mail.fabrikam.com, casServers: [cas11.fabrikam.com]}
                """;
        given().contentType("application/yaml").body(estate.getBytes()).post("/estate/import").then().statusCode(200);
        assertThat(openRules("server=cas11.fabrikam.com")).containsExactly(PlanningRules.IIS_CERTIFICATE_COUNT);

        var ca = TestCertificates.certificateAuthority("Fabrikam Public CA", now.minus(30, ChronoUnit.DAYS),
                now.plus(3000, ChronoUnit.DAYS));
        var cert = TestCertificates.issuedBy(ca, "cas11.fabrikam.com", List.of("cas11.fabrikam.com", "mail.fabrikam.com"),
                now.minus(1, ChronoUnit.DAYS), now.plus(150, ChronoUnit.DAYS), "http://crl.fabrikam-ca.example/ca.crl");
        String id = given().contentType("application/x-pem-file").body(cert.pem().getBytes())
                .post("/certificates").then().statusCode(201).extract().path("certificates[0].id");
        given().contentType("application/json").body(Map.of("server", "cas11.fabrikam.com", "service", "IIS", "certificateId", id))
                .put("/servers/cas11.fabrikam.com/bindings/IIS").then().statusCode(201);

        // mail.fabrikam.com is only the second SAN; whether the key is exportable is not known yet
        assertThat(openRules("certificateId=" + id)).containsExactlyInAnyOrder(
                PlanningRules.ISA_FIRST_SAN, PlanningRules.EXPORTABLE_KEY_REQUIRED);
        assertThat(openRules("server=cas11.fabrikam.com")).doesNotContain(PlanningRules.IIS_CERTIFICATE_COUNT);

        given().contentType("application/json").body(Map.of("privateKeyExportable", false))
                .patch("/certificates/" + id).then().statusCode(200);
        given().get("/findings?ruleId=EXPORTABLE_KEY_REQUIRED&certificateId=" + id).then().statusCode(200)
                .body("[0].severity", org.hamcrest.Matchers.equalTo("ERROR"))
                .body("[0].message", org.hamcrest.Matchers.containsString("isa11.fabrikam.com"));

        // re-importing the same estate is no change: nothing raised twice
        given().contentType("application/yaml").body(estate.getBytes()).post("/estate/import").then().statusCode(200);
        // publishing the first SAN instead fixes the ISA finding
        given().contentType("application/json").body(Map.of("isaServer", "isa11.fabrikam.com", "webListener", "OWA",
                        "publicHostName", "cas11.fabrikam.com", "casServers", List.of("cas11.fabrikam.com")))
                .post("/publishing-rules").then().statusCode(201);
        given().get("/publishing-rules").then().statusCode(200);
        String ruleId = given().get("/publishing-rules").then().extract().jsonPath()
                .getString("find { it.publicHostName == 'mail.fabrikam.com' }.id");
        given().delete("/publishing-rules/" + ruleId).then().statusCode(204);

        assertThat(openRules("certificateId=" + id)).containsExactly(PlanningRules.EXPORTABLE_KEY_REQUIRED);

        List<EventData> events = findingEvents(id, 3);
        assertThat(events).hasSize(3);
        assertThat(events).filteredOn(e -> e instanceof PolicyFindingRaisedV1)
                .extracting(e -> ((PolicyFindingRaisedV1) e).ruleId())
                .containsExactlyInAnyOrder(PlanningRules.ISA_FIRST_SAN, PlanningRules.EXPORTABLE_KEY_REQUIRED);
        assertThat(events).filteredOn(e -> e instanceof PolicyFindingResolvedV1)
                .extracting(e -> ((PolicyFindingResolvedV1) e).ruleId()).containsExactly(PlanningRules.ISA_FIRST_SAN);
    }

    private List<String> openRules(String filter) {
        return given().get("/findings?" + filter).then().statusCode(200).extract().jsonPath().getList("ruleId");
    }

    private List<EventData> findingEvents(String certificateId, int atLeast) {
        return kafka.await(Topics.INVENTORY_EVENTS, r -> certificateId.equals(r.key()) && isFinding(r.value()),
                        atLeast + 1, Duration.ofSeconds(8)).stream()
                .<EventData>map(r -> EventCodec.decode(r.value()).data()).toList();
    }

    private static boolean isFinding(String json) {
        EventData data = EventCodec.decode(json).data();
        return data instanceof PolicyFindingRaisedV1 || data instanceof PolicyFindingResolvedV1;
    }
}
