package io.certlife.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.events.CertificateDiscoveredV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.EventType;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.Topics;
import io.certlife.inventory.Certificate;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class CertificateImportTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void theSummaryCountsExpiriesAndPlannedRenewalsPerWeekAndInUseListsOnlyWhatSlotsServe() {
        var before = given().get("/certificates/summary?weeks=12").then().statusCode(200).extract().jsonPath();
        Instant now = Instant.now();
        // valid 30 days from 9 days ago: expires in 21 days, renewed at two thirds of its life (in 11 days)
        var cert = TestCertificates.selfSigned("summary-week", List.of("summary-week.example"), now.minus(9, ChronoUnit.DAYS),
                now.plus(21, ChronoUnit.DAYS));
        String id = given().contentType("application/x-pem-file").body(cert.pem().getBytes()).post("/certificates").then()
                .statusCode(201).extract().path("certificates[0].id");
        Instant notAfter = Instant.parse(given().get("/certificates/" + id).then().extract().path("notAfter"));
        Instant renewalAt = Instant.parse(given().get("/certificates/" + id).then().extract().path("renewalTime"));
        var after = given().get("/certificates/summary?weeks=12").then().statusCode(200).extract().jsonPath();

        java.time.LocalDate monday = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        int expiryWeek = (int) ChronoUnit.WEEKS.between(monday, java.time.LocalDate.ofInstant(notAfter, java.time.ZoneOffset.UTC));
        int renewalWeek = (int) ChronoUnit.WEEKS.between(monday, java.time.LocalDate.ofInstant(renewalAt, java.time.ZoneOffset.UTC));
        assertThat(after.getList("weeks")).hasSize(12);
        assertThat(after.getString("weeks[0].start")).isEqualTo(monday.toString());
        assertThat(after.getLong("certificates")).isEqualTo(before.getLong("certificates") + 1);
        assertThat(after.getLong("weeks[" + expiryWeek + "].expiring")).isEqualTo(before.getLong("weeks[" + expiryWeek + "].expiring") + 1);
        assertThat(after.getLong("weeks[" + renewalWeek + "].renewalsPlanned"))
                .isEqualTo(before.getLong("weeks[" + renewalWeek + "].renewalsPlanned") + 1);
        assertThat(after.getList("issuers", String.class)).contains("CN=summary-week");
        given().get("/certificates/summary?weeks=0").then().statusCode(400).body("detail", containsString("weeks must be"));

        assertThat(given().get("/certificates?inUse=true&size=1000").then().statusCode(200).extract().jsonPath()
                .<String>getList("id")).doesNotContain(id);
        given().contentType("application/yaml").body("""
                sites: [{name: Summary-Lab, timeZone: UTC}]
                servers: [{fqdn: summary01.example, site: Summary-Lab, roles: [HUB_TRANSPORT]}]
                """.getBytes()).post("/estate/import").then().statusCode(200);
        given().contentType("application/json").body(java.util.Map.of("server", "summary01.example", "service", "SMTP",
                "certificateId", id)).put("/servers/summary01.example/bindings/SMTP").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        assertThat(given().get("/certificates?inUse=true&size=1000").then().statusCode(200).extract().jsonPath()
                .<String>getList("id")).contains(id);
    }

    @Test
    void importStoresTheCertificateAndEmitsDiscoveredThenTheSweepEmitsRenewalDue() {
        Instant now = Instant.now();
        var cert = TestCertificates.selfSigned("cas01", List.of("cas01", "cas01.contoso.com"),
                now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS));

        String id = given().contentType("application/x-pem-file").body(cert.pem().getBytes())
                .when().post("/certificates")
                .then().statusCode(201)
                .body("certificates[0].subject", equalTo("CN=cas01"))
                .body("certificates[0].subjectAltNames", equalTo(List.of("cas01", "cas01.contoso.com")))
                .body("certificates[0].selfSigned", equalTo(true))
                .body("certificates[0].keySize", equalTo(2048))
                .extract().path("certificates[0].id");

        // RenewalDue waits for the sweep, so that bindings made right after the import are part of it
        assertThat(eventsFor(id, 2)).extracting(e -> (Object) e.eventType()).containsExactly(EventType.CERTIFICATE_DISCOVERED);
        Instant beforeSweep = Instant.now();
        given().post("/expiry-sweeps").then().statusCode(200);
        assertThat(Instant.parse(given().get("/last-runs").then().statusCode(200).extract().jsonPath()
                .getString("find { it.kind == 'expiry-sweep' }.finishedAt"))).isAfter(beforeSweep);
        List<CloudEvent<?>> events = eventsFor(id, 2);
        assertThat(events).extracting(e -> (Object) e.eventType())
                .containsExactly(EventType.CERTIFICATE_DISCOVERED, EventType.RENEWAL_DUE);
        RenewalDueV1 due = (RenewalDueV1) events.get(1).data();
        assertThat(due.generation()).isEqualTo(2);
        assertThat(due.certificate().thumbprintSha1()).hasSize(40);
        assertThat(due.renewalTime()).isBefore(now);
    }

    @Test
    void importingTheSameCertificateTwiceChangesNothingAndEmitsNothingMore() {
        Instant now = Instant.now();
        var cert = TestCertificates.selfSigned("hub01", List.of("hub01"), now, now.plus(365, ChronoUnit.DAYS));
        String id = given().contentType("application/x-pem-file").body(cert.pem().getBytes())
                .post("/certificates").then().statusCode(201).extract().path("certificates[0].id");

        given().contentType("application/pkix-cert").body(cert.der())
                .post("/certificates").then().statusCode(200).body("certificates[0].id", equalTo(id));

        // A certificate in the first third of its life is not due: only CertificateDiscovered, once.
        assertThat(eventsFor(id, 2)).hasSize(1)
                .allSatisfy(e -> assertThat(e.data()).isInstanceOf(CertificateDiscoveredV1.class));
    }

    @Test
    void certificatesAreFoundByExpiryServerAndThumbprint() {
        Instant now = Instant.now();
        var soon = TestCertificates.selfSigned("filter-soon.contoso.test", List.of("filter-soon.contoso.test"),
                now.minus(300, ChronoUnit.DAYS), now.plus(10, ChronoUnit.DAYS));
        var later = TestCertificates.selfSigned("filter-later.contoso.test", List.of("filter-later.contoso.test"),
                now.minus(10, ChronoUnit.DAYS), now.plus(200, ChronoUnit.DAYS));
        String soonId = given().contentType("application/x-pem-file").body(soon.pem().getBytes()).post("/certificates")
                .then().statusCode(201).extract().path("certificates[0].id");
        String laterThumbprint = given().contentType("application/x-pem-file").body(later.pem().getBytes()).post("/certificates")
                .then().statusCode(201).extract().path("certificates[0].thumbprintSha1");
        String laterFingerprint = given().get("/certificates?thumbprint=" + laterThumbprint).then().statusCode(200)
                .extract().path("[0].fingerprintSha256");
        given().contentType("application/yaml").body("""
                sites: [{name: Filter-Lab, timeZone: UTC}]
                servers: [{fqdn: filter01.contoso.test, site: Filter-Lab, roles: [HUB_TRANSPORT]}]
                """.getBytes()).post("/estate/import").then().statusCode(200);
        given().contentType("application/json").body(java.util.Map.of("server", "filter01.contoso.test", "service", "SMTP", "certificateId", soonId))
                .put("/servers/filter01.contoso.test/bindings/SMTP").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));

        List<String> within30 = given().get("/certificates?expiringWithin=30d&size=1000").then().statusCode(200)
                .extract().jsonPath().getList("commonName");
        assertThat(within30).contains("filter-soon.contoso.test").doesNotContain("filter-later.contoso.test");
        assertThat(given().get("/certificates?expiringWithin=P365D&size=1000").then().statusCode(200)
                .extract().jsonPath().getList("commonName", String.class)).contains("filter-soon.contoso.test", "filter-later.contoso.test");
        given().get("/certificates?server=FILTER01.contoso.test").then().statusCode(200)
                .body("commonName", equalTo(List.of("filter-soon.contoso.test")));
        String colons = laterFingerprint.replaceAll("(..)(?!$)", "$1:").toLowerCase();
        given().get("/certificates?thumbprint=" + colons).then().statusCode(200)
                .body("thumbprintSha1", equalTo(List.of(laterThumbprint)));

        given().get("/certificates?expiringWithin=soon").then().statusCode(400).body("detail", containsString("expiringWithin"));
        given().get("/certificates?thumbprint=ABC").then().statusCode(400).body("detail", containsString("40 hex digits"));
    }

    @Test
    void certificatesAreFoundByAPartOfTheirNamesInAnyCase() {
        Instant now = Instant.now();
        for (var certificate : List.of(
                TestCertificates.selfSigned("owa.name-search.test", List.of("owa.name-search.test", "Autodiscover.Name-Search.test"),
                        now.minus(1, ChronoUnit.DAYS), now.plus(100, ChronoUnit.DAYS)),
                TestCertificates.selfSigned("smtp.name-search.test", List.of("smtp.name-search.test"),
                        now.minus(1, ChronoUnit.DAYS), now.plus(50, ChronoUnit.DAYS)),
                TestCertificates.selfSigned("pct%_x.name-search.test", List.of("pct%_x.name-search.test"),
                        now.minus(1, ChronoUnit.DAYS), now.plus(70, ChronoUnit.DAYS)))) {
            given().contentType("application/x-pem-file").body(certificate.pem().getBytes()).post("/certificates").then().statusCode(201);
        }

        given().get("/certificates?name=NAME-SEARCH.test").then().statusCode(200).body("commonName",
                equalTo(List.of("smtp.name-search.test", "pct%_x.name-search.test", "owa.name-search.test")));
        given().get("/certificates?name=autodiscover.name-search").then().statusCode(200)
                .body("commonName", equalTo(List.of("owa.name-search.test")));
        // % and _ are characters like any other, not patterns
        given().queryParam("name", "%_x.name").get("/certificates").then().statusCode(200).body("commonName", equalTo(List.of("pct%_x.name-search.test")));
        given().queryParam("name", "t%.name").get("/certificates").then().statusCode(200).body("commonName", equalTo(List.of()));
        given().get("/certificates?name=ow").then().statusCode(400).body("detail", containsString("at least 3 characters"));
    }

    @Test
    void garbageIsA400NamingTheProblemAndWritesNothing() {
        long before = countCertificates();
        given().contentType("application/x-pem-file").body("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n".getBytes())
                .post("/certificates")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("PEM"));
        given().contentType("application/pkix-cert").body(new byte[] {0x30, (byte) 0x82, 0x05, 0x00, 0x01})
                .post("/certificates")
                .then().statusCode(400)
                .body("detail", containsString("DER"));
        assertThat(countCertificates()).isEqualTo(before);
    }

    private long countCertificates() {
        return given().get("/certificates?size=1000").then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    private List<CloudEvent<?>> eventsFor(String certificateId, int atLeast) {
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.INVENTORY_EVENTS,
                r -> certificateId.equals(r.key()), atLeast, Duration.ofSeconds(10));
        return records.stream().<CloudEvent<?>>map(r -> EventCodec.decode(r.value())).toList();
    }
}
