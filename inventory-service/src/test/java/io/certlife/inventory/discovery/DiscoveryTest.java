package io.certlife.inventory.discovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.certlife.events.ServiceKind.TlsMode;
import io.certlife.events.ServiceKind;
import io.certlife.inventory.policy.PlanningRules;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.TestCertificates;
import io.certlife.testsupport.TlsTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery against real TLS servers on loopback: implicit TLS, SMTP STARTTLS, POP3 STLS and IMAP STARTTLS. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class DiscoveryTest {

    private static final Instant NOW = Instant.now();
    private static final TestCertificates.Issued WEB = cert("web.discovery.test");
    private static final TestCertificates.Issued SMTP = cert("smtp.discovery.test");
    private static final TestCertificates.Issued POP = cert("pop.discovery.test");
    private static final TestCertificates.Issued IMAP = cert("imap.discovery.test");
    private static TlsTestServer web;
    private static TlsTestServer smtp;
    private static TlsTestServer pop;
    private static TlsTestServer imap;

    @BeforeAll
    static void startServers() {
        web = TlsTestServer.start(TlsMode.IMPLICIT, WEB);
        smtp = TlsTestServer.start(TlsMode.SMTP_STARTTLS, SMTP);
        pop = TlsTestServer.start(TlsMode.POP3_STLS, POP);
        imap = TlsTestServer.start(TlsMode.IMAP_STARTTLS, IMAP);
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (TlsTestServer server : List.of(web, smtp, pop, imap)) {
            server.close();
        }
    }

    @Test
    void slotsAreProbedWithTheirProtocolAndComparedWithTheIntendedCertificate() {
        given().contentType("application/yaml").body("""
                sites: [{name: Discovery-Lab, timeZone: UTC}]
                servers: [{fqdn: cas31.discovery.test, site: Discovery-Lab, roles: [CLIENT_ACCESS, HUB_TRANSPORT], address: 127.0.0.1}]
                """.getBytes()).post("/estate/import").then().statusCode(200);
        String web = importCert(WEB);
        String smtp = importCert(SMTP);
        String other = importCert(cert("intended-pop.discovery.test"));
        String oldImap = importCert(cert("old-imap.discovery.test"));
        String imap = importCert(IMAP);
        bind("IIS", web, null, DiscoveryTest.web.port());
        bind("SMTP", smtp, null, DiscoveryTest.smtp.port());
        bind("POP", other, null, pop.port());
        bind("IMAP", oldImap, imap, DiscoveryTest.imap.port());
        // a certificate's slots: those it is intended for and those it is pending for
        given().get("/bindings?certificateId=" + imap).then().statusCode(200)
                .body("service", org.hamcrest.Matchers.contains("IMAP")).body("[0].pendingCertificateId", org.hamcrest.Matchers.equalTo(imap));
        given().get("/bindings?certificateId=" + web + "&server=cas31.discovery.test").then().statusCode(200)
                .body("service", org.hamcrest.Matchers.contains("IIS"));

        java.time.Instant before = java.time.Instant.now();
        List<Map<String, Object>> endpoints = given().contentType("application/json").body(Map.of("slots", true))
                .post("/discovery").then().statusCode(200).extract().jsonPath().getList("endpoints");
        // when certlife last looked at every slot, and what it found
        var lastDiscovery = given().get("/last-runs").then().statusCode(200).extract().jsonPath();
        assertThat(java.time.Instant.parse(lastDiscovery.getString("find { it.kind == 'discovery' }.finishedAt"))).isAfter(before);
        assertThat(lastDiscovery.getString("find { it.kind == 'discovery' }.summary"))
                .isEqualTo(endpoints.size() + " slot endpoints probed, " + endpoints.stream().filter(e -> e.get("error") == null).count()
                        + " answered with TLS");

        Map<String, Map<String, Object>> byService = new java.util.HashMap<>();
        endpoints.stream().filter(e -> "cas31.discovery.test".equals(e.get("server")))
                .forEach(e -> byService.put((String) e.get("service"), e));
        assertThat(byService).containsOnlyKeys("IIS", "SMTP", "POP", "IMAP");
        assertThat(byService.values()).allSatisfy(e -> assertThat(e.get("error")).isNull());
        assertThat(byService.get("IIS")).containsEntry("subject", "CN=web.discovery.test").containsEntry("matchesIntended", true);
        assertThat(byService.get("SMTP")).containsEntry("subject", "CN=smtp.discovery.test").containsEntry("matchesIntended", true);
        assertThat(byService.get("POP")).containsEntry("subject", "CN=pop.discovery.test").containsEntry("matchesIntended", false);
        // the pending replacement is served: it becomes the intended certificate
        assertThat(byService.get("IMAP")).containsEntry("subject", "CN=imap.discovery.test").containsEntry("matchesIntended", true);
        given().get("/bindings?server=cas31.discovery.test").then().statusCode(200)
                .body("find { it.service == 'IMAP' }.certificateId", org.hamcrest.Matchers.equalTo(imap))
                .body("find { it.service == 'IMAP' }.pendingCertificateId", org.hamcrest.Matchers.nullValue());

        // what was seen where: every slot of the server, and by thumbprint (any spelling) where one certificate is served
        assertThat(given().get("/discovery/observations?server=CAS31.discovery.test").then().statusCode(200).extract()
                .jsonPath().<String>getList("service")).containsExactlyInAnyOrder("IIS", "SMTP", "POP", "IMAP");
        String webThumbprint = given().get("/certificates/" + web).then().extract().path("thumbprintSha1");
        String spaced = webThumbprint.toLowerCase().replaceAll("(..)", "$1 ").strip();
        List<Map<String, Object>> seenWeb = given().queryParam("thumbprint", spaced).queryParam("server", "cas31.discovery.test")
                .get("/discovery/observations").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(seenWeb).singleElement().satisfies(o -> assertThat(o).containsEntry("server", "cas31.discovery.test")
                .containsEntry("service", "IIS").containsEntry("thumbprintSha1", webThumbprint).containsKey("observedAt"));

        List<Map<String, Object>> mismatches = given().get("/findings?ruleId=" + PlanningRules.SERVED_CERTIFICATE_MISMATCH
                + "&server=cas31.discovery.test").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(mismatches).singleElement().satisfies(f -> assertThat(f).containsEntry("service", "POP")
                .extractingByKey("message").asString().contains("pop.discovery.test").contains("intended-pop.discovery.test"));

        // the intended certificate goes live: the mismatch resolves at the next probe
        bind("POP", importCert(POP), null, pop.port());
        given().contentType("application/json").body(Map.of("slots", true)).post("/discovery").then().statusCode(200);
        assertThat(given().get("/findings?ruleId=" + PlanningRules.SERVED_CERTIFICATE_MISMATCH + "&server=cas31.discovery.test")
                .then().extract().jsonPath().getList("$")).isEmpty();
    }

    @Inject
    ScheduledDiscovery scheduledDiscovery;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry meters;

    @Test
    void theScheduledDiscoveryRunsOnOneReplicaAtATime() throws Exception {
        try (Connection otherReplica = dataSource.getConnection(); Statement statement = otherReplica.createStatement()) {
            statement.execute("select pg_advisory_lock(hashtext('certlife.discovery'))");
            long before = meters.timer("certlife.discovery").count();
            scheduledDiscovery.run();
            assertThat(meters.timer("certlife.discovery").count()).as("skipped while another replica runs it").isEqualTo(before);

            statement.execute("select pg_advisory_unlock(hashtext('certlife.discovery'))");
            scheduledDiscovery.run();
            assertThat(meters.timer("certlife.discovery").count()).as("runs once the other replica is done").isEqualTo(before + 1);
        }
    }

    @Test
    void adHocTargetsAreProbedAndUnreachableOnesReportAnError() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        List<Map<String, Object>> endpoints = given().contentType("application/json")
                .body(Map.of("targets", List.of("127.0.0.1:" + web.port(), "127.0.0.1:" + closed)))
                .post("/discovery").then().statusCode(200).extract().jsonPath().getList("endpoints");
        assertThat(endpoints.get(0)).containsEntry("subject", "CN=web.discovery.test");
        assertThat(endpoints.get(1).get("error")).asString().contains("Connect");
        assertThat(endpoints.get(1)).containsEntry("reason", "ConnectFailed");

        given().contentType("application/json").body(Map.of("targets", List.of("no-port-here")))
                .post("/discovery").then().statusCode(400).body("detail", containsString("host:port"));
        given().contentType("application/json").body(Map.of("cidr", "10.0.0.0/8", "ports", List.of(443)))
                .post("/discovery").then().statusCode(400).body("detail", containsString("over the limit"));
        // a whole request is bounded: 1,024 addresses on 5 ports is 5,120 endpoints, over the 4,096 a run may probe
        given().contentType("application/json").body(Map.of("cidr", "127.1.0.0/22", "ports", List.of(25, 110, 143, 443, 587)))
                .post("/discovery").then().statusCode(400).body("detail", containsString("certlife.discovery.max-endpoints"));
    }

    /** What a probe reports is a reason and certlife's own words: the remote end's banner is not repeated. */
    @Test
    void aRefusedStartTlsIsReportedWithoutTheServersBanner() throws Exception {
        try (java.net.ServerSocket smtp = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (java.net.Socket client = smtp.accept()) {
                    client.getOutputStream().write("554 internal-relay-7 v3.2 secret-banner\r\n".getBytes());
                    client.getOutputStream().flush();
                    client.getInputStream().read();
                } catch (java.io.IOException e) {
                    // the probe hung up
                }
            });
            server.start();
            given().contentType("application/yaml").body("""
                    sites: [{name: Banner-Lab, timeZone: UTC}]
                    servers: [{fqdn: hub66.discovery.test, site: Banner-Lab, roles: [HUB_TRANSPORT], address: 127.0.0.1}]
                    """.getBytes()).post("/estate/import").then().statusCode(200);
            String id = importCert(cert("hub66.discovery.test"));
            given().contentType("application/json").body(Map.of("server", "hub66.discovery.test", "service", "SMTP",
                    "certificateId", id, "port", smtp.getLocalPort())).put("/servers/hub66.discovery.test/bindings/SMTP")
                    .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
            List<Map<String, Object>> endpoints = given().contentType("application/json").body(Map.of("slots", true))
                    .post("/discovery").then().statusCode(200).extract().jsonPath().getList("endpoints");
            Map<String, Object> endpoint = endpoints.stream()
                    .filter(e -> ("hub66.discovery.test:" + smtp.getLocalPort()).equals(e.get("endpoint"))).findFirst().orElseThrow();
            server.join(5000);
            assertThat(endpoint).containsEntry("reason", "StartTlsRefused");
            assertThat((String) endpoint.get("error")).contains("554").doesNotContain("secret-banner").doesNotContain("relay");
        }
    }

    private static TestCertificates.Issued cert(String cn) {
        return TestCertificates.selfSigned(cn, List.of(cn), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(300, ChronoUnit.DAYS));
    }

    private static String importCert(TestCertificates.Issued cert) {
        return given().contentType("application/x-pem-file").body(cert.pem().getBytes()).post("/certificates")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().path("certificates[0].id");
    }

    private static void bind(String service, String certificateId, String pending, int port) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("server", "cas31.discovery.test", "service", service,
                "certificateId", certificateId, "port", port));
        if (pending != null) {
            body.put("pendingCertificateId", pending);
        }
        given().contentType("application/json").body(body).put("/servers/cas31.discovery.test/bindings/" + service)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }
}
