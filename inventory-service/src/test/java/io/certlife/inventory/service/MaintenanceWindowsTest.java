package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A site's maintenance windows, from the estate file and the API: the renewal of a certificate served there comes early
 * enough for the last window before its expiry, and its RenewalDue names the window the replacement is planned into.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class MaintenanceWindowsTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void theRenewalIsPlannedEarlyEnoughForTheSitesLastWindowAndItsDueEventNamesTheWindow() {
        String site = "Windows-Lab-" + UUID.randomUUID().toString().substring(0, 8);
        String server = "win-" + UUID.randomUUID().toString().substring(0, 8) + ".contoso.test";
        LocalDate windowDay = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        given().contentType("application/yaml").body("""
                sites: [{name: %s, timeZone: UTC, maintenanceWindows: [{date: "%s", start: "22:00", length: PT6H}]}]
                servers: [{fqdn: %s, site: %s, roles: [CLIENT_ACCESS]}]
                """.formatted(site, windowDay, server, site).getBytes()).post("/estate/import").then().statusCode(200);
        given().get("/sites/" + site).then().statusCode(200).body("maintenanceWindows[0].start", equalTo("22:00:00"))
                .body("maintenanceWindows[0].length", equalTo("PT6H"));
        given().contentType("application/json").body(Map.of("name", site, "timeZone", "UTC", "maintenanceWindows",
                        List.of(Map.of("day", "SATURDAY", "date", windowDay.toString(), "start", "22:00", "length", "PT6H"))))
                .put("/sites/" + site).then().statusCode(400).body("detail", containsString("not both"));

        // 61 days of life: by its own rule renewed once two thirds have passed (in about 40 days), after the window
        Instant now = Instant.now();
        var cert = TestCertificates.selfSigned("app-" + UUID.randomUUID(), List.of(server), now.minus(1, ChronoUnit.DAYS),
                now.plus(60, ChronoUnit.DAYS));
        String id = given().contentType("application/x-pem-file").body(cert.pem().getBytes()).post("/certificates").then()
                .statusCode(201).extract().path("certificates[0].id");
        given().contentType("application/json").body(Map.of("server", server, "service", "IIS", "certificateId", id))
                .put("/servers/" + server + "/bindings/IIS").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));

        Instant windowStart = windowDay.atTime(22, 0).toInstant(ZoneOffset.UTC);
        Instant renewalAt = Instant.parse(given().get("/certificates/" + id).then().statusCode(200).extract().path("renewalTime"));
        assertThat(renewalAt).as("the issuance lead (2 days) before the last window that ends a day before expiry")
                .isEqualTo(windowStart.minus(Duration.ofDays(2)));

        given().post("/certificates/" + id + "/renewal").then().statusCode(202);
        RenewalDueV1 due = kafka.await(Topics.INVENTORY_EVENTS, r -> r.value().contains("io.certlife.renewal.due.v1")
                        && r.value().contains(id), 1, Duration.ofSeconds(20)).stream()
                .map(r -> (RenewalDueV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
        assertThat(due.activationWindows()).containsExactly(new RenewalDueV1.ActivationWindow(site, windowStart,
                windowStart.plus(Duration.ofHours(6))));
    }
}
