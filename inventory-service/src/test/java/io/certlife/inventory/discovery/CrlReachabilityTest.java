package io.certlife.inventory.discovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.certlife.inventory.policy.PlanningRules;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP CRL distribution points are fetched (bounded) during discovery; one that does not answer is a finding. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class CrlReachabilityTest {

    @Test
    void anUnreachableHttpCrlIsAFindingAndAReachableOneIsNot() throws Exception {
        HttpServer crlServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        crlServer.createContext("/ca.crl", exchange -> {
            byte[] body = new byte[] {0x30, 0x03, 0x02, 0x01, 0x01};
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        crlServer.start();
        int closed = closedPort();
        try {
            Instant now = Instant.now();
            var ca = TestCertificates.certificateAuthority("CRL Test CA", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
            var reachable = TestCertificates.issuedBy(ca, "hub41.crl.test", List.of("hub41.crl.test"), now, now.plus(300, ChronoUnit.DAYS),
                    "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/ca.crl");
            var unreachable = TestCertificates.issuedBy(ca, "hub42.crl.test", List.of("hub42.crl.test"), now,
                    now.plus(300, ChronoUnit.DAYS), "http://127.0.0.1:" + closed + "/ca.crl");
            hubsOnLoopback("CRL-Lab", "hub41.crl.test", "hub42.crl.test");
            String good = bind("hub41.crl.test", reachable, closed);
            String bad = bind("hub42.crl.test", unreachable, closed);

            given().contentType("application/json").body(Map.of("slots", true)).post("/discovery").then().statusCode(200);

            assertThat(rules(bad)).contains(PlanningRules.CRL_UNREACHABLE);
            assertThat(rules(good)).doesNotContain(PlanningRules.CRL_UNREACHABLE);
            given().get("/findings?ruleId=CRL_UNREACHABLE&certificateId=" + bad).then()
                    .body("[0].severity", org.hamcrest.Matchers.equalTo("ERROR"))
                    .body("[0].message", org.hamcrest.Matchers.containsString(":" + closed + "/ca.crl"));
        } finally {
            crlServer.stop(0);
        }
    }

    /**
     * The outbound guard (the test configuration denies 127.0.0.2): a CRL URL in a denied range, a redirect into one,
     * and a discovery target in one are refused with the guard's reason; nothing is sent there.
     */
    @Test
    void aCrlUrlARedirectAndADiscoveryTargetInADeniedRangeAreRefused() throws Exception {
        HttpServer redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirector.createContext("/ca.crl", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + exchange.getLocalAddress().getPort() + "/ca.crl");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirector.start();
        try {
            Instant now = Instant.now();
            var ca = TestCertificates.certificateAuthority("Guarded CA", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
            var denied = TestCertificates.issuedBy(ca, "hub43.crl.test", List.of("hub43.crl.test"), now, now.plus(300, ChronoUnit.DAYS),
                    "http://127.0.0.2:" + redirector.getAddress().getPort() + "/ca.crl");
            var redirected = TestCertificates.issuedBy(ca, "hub44.crl.test", List.of("hub44.crl.test"), now,
                    now.plus(300, ChronoUnit.DAYS), "http://127.0.0.1:" + redirector.getAddress().getPort() + "/ca.crl");
            hubsOnLoopback("Guard-Lab", "hub43.crl.test", "hub44.crl.test");
            int closed = closedPort();
            String deniedId = bind("hub43.crl.test", denied, closed);
            String redirectedId = bind("hub44.crl.test", redirected, closed);

            given().contentType("application/json").body(Map.of("slots", true)).post("/discovery").then().statusCode(200);
            for (String id : List.of(deniedId, redirectedId)) {
                given().get("/findings?ruleId=CRL_UNREACHABLE&certificateId=" + id).then()
                        .body("[0].message", org.hamcrest.Matchers.containsString("refused by the outbound guard"))
                        .body("[0].message", org.hamcrest.Matchers.containsString("127.0.0.2"));
            }

            given().contentType("application/json").body(Map.of("targets", List.of("127.0.0.2:" + redirector.getAddress().getPort())))
                    .post("/discovery").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("refused by the outbound guard"));
        } finally {
            redirector.stop(0);
        }
    }

    /** A CRL URL too long to record does not break the run for the estate: it is reported as not fetched. */
    @Test
    void anOverLongCrlUrlIsReportedAndTheOthersAreStillChecked() throws Exception {
        int closed = closedPort();
        Instant now = Instant.now();
        var ca = TestCertificates.certificateAuthority("Long URL CA", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
        String longUrl = "http://127.0.0.1:" + closed + "/" + "a".repeat(2100) + ".crl";
        var overLong = TestCertificates.issuedBy(ca, "hub45.crl.test", List.of("hub45.crl.test"), now, now.plus(300, ChronoUnit.DAYS),
                longUrl);
        var normal = TestCertificates.issuedBy(ca, "hub46.crl.test", List.of("hub46.crl.test"), now, now.plus(300, ChronoUnit.DAYS),
                "http://127.0.0.1:" + closed + "/short.crl");
        hubsOnLoopback("Long-Lab", "hub45.crl.test", "hub46.crl.test");
        String longId = bind("hub45.crl.test", overLong, closed);
        String normalId = bind("hub46.crl.test", normal, closed);

        given().contentType("application/json").body(Map.of("slots", true)).post("/discovery").then().statusCode(200);

        given().get("/findings?ruleId=CRL_UNREACHABLE&certificateId=" + normalId).then()
                .body("[0].message", org.hamcrest.Matchers.containsString("/short.crl"));
        given().get("/findings?ruleId=CRL_UNREACHABLE&certificateId=" + longId).then()
                .body("[0].message", org.hamcrest.Matchers.containsString("not fetched"));
    }

    /** A port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A site with hub transport servers at 127.0.0.1. */
    private static void hubsOnLoopback(String site, String... fqdns) {
        StringBuilder estate = new StringBuilder("sites: [{name: " + site + ", timeZone: UTC}]\nservers:\n");
        for (String fqdn : fqdns) {
            estate.append("  - {fqdn: ").append(fqdn).append(", site: ").append(site)
                    .append(", roles: [HUB_TRANSPORT], address: 127.0.0.1}\n");
        }
        given().contentType("application/yaml").body(estate.toString().getBytes()).post("/estate/import").then().statusCode(200);
    }

    private static String bind(String server, TestCertificates.Issued cert, int port) {
        String id = given().contentType("application/x-pem-file").body(cert.pem().getBytes()).post("/certificates")
                .then().statusCode(201).extract().path("certificates[0].id");
        given().contentType("application/json").body(Map.of("server", server, "service", "SMTP", "certificateId", id, "port", port))
                .put("/servers/" + server + "/bindings/SMTP").then().statusCode(201);
        return id;
    }

    private static List<String> rules(String certificateId) {
        return given().get("/findings?certificateId=" + certificateId).then().statusCode(200).extract().jsonPath().getList("ruleId");
    }
}
