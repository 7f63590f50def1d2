package io.certlife.inventory.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.sun.net.httpserver.HttpServer;
import io.certlife.inventory.policy.PlanningRules;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation and CRLs after a discovery run over the slots: CRLs made with Bouncy Castle and served over loopback
 * (current, revoking, stale, not a CRL, signed by an impostor, not answering), and a CA run with {@code openssl ca}
 * whose CRL and {@code openssl ocsp} responder (an OCSP implementation no one here wrote) answer for its leaves.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class RevocationTest {

    @Test
    void crlsAreReadAndCheckedAgainstTheIssuerAndARevokedCertificateIsACriticalFinding() throws Exception {
        Map<String, byte[]> served = new ConcurrentHashMap<>();
        HttpServer crlServer = serving(served);
        int closed = closedPort();
        String base = "http://127.0.0.1:" + crlServer.getAddress().getPort();
        try {
            Instant now = Instant.now();
            var ca = TestCertificates.certificateAuthority("CRL Test CA", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
            var impostor = TestCertificates.certificateAuthority("CRL Test CA", now.minus(1, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
            importPem(ca.pem());
            var good = leaf(ca, "hub61.crl.test", base + "/current.crl");
            var revoked = leaf(ca, "hub62.crl.test", base + "/current.crl");
            var stale = leaf(ca, "hub63.crl.test", base + "/stale.crl");
            var garbage = leaf(ca, "hub64.crl.test", base + "/garbage.crl");
            var forged = leaf(ca, "hub65.crl.test", base + "/forged.crl");
            var silent = leaf(ca, "hub66.crl.test", "http://127.0.0.1:" + closed + "/ca.crl");
            served.put("/current.crl", TestCertificates.crl(ca, now.minus(1, ChronoUnit.HOURS), now.plus(7, ChronoUnit.DAYS),
                    List.of(revoked.certificate())));
            served.put("/stale.crl", TestCertificates.crl(ca, now.minus(9, ChronoUnit.DAYS), now.minus(2, ChronoUnit.DAYS), List.of()));
            served.put("/garbage.crl", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
            // the impostor's CRL names the same issuer and does not list the revoked certificate: it must not be believed
            served.put("/forged.crl", TestCertificates.crl(impostor, now.minus(1, ChronoUnit.HOURS), now.plus(7, ChronoUnit.DAYS),
                    List.of()));
            hubsOnLoopback("CRL-Lab", "hub61.crl.test", "hub62.crl.test", "hub63.crl.test", "hub64.crl.test", "hub65.crl.test",
                    "hub66.crl.test");
            String goodId = bind("hub61.crl.test", good, closed);
            String revokedId = bind("hub62.crl.test", revoked, closed);
            String staleId = bind("hub63.crl.test", stale, closed);
            String garbageId = bind("hub64.crl.test", garbage, closed);
            String forgedId = bind("hub65.crl.test", forged, closed);
            String silentId = bind("hub66.crl.test", silent, closed);

            discoverSlots();

            assertThat(rules(goodId)).doesNotContain(PlanningRules.CRL_UNREACHABLE, PlanningRules.CRL_UNREADABLE,
                    PlanningRules.CRL_STALE, PlanningRules.REVOKED);
            revocation(goodId).body("status", equalTo("GOOD")).body("source", equalTo("CRL"))
                    .body("detail", containsString("/current.crl"));

            revocation(revokedId).body("status", equalTo("REVOKED")).body("source", equalTo("CRL"))
                    .body("detail", containsString("KEY_COMPROMISE")).body("revokedAt", notNullValue());
            given().get("/findings?ruleId=REVOKED&certificateId=" + revokedId).then()
                    .body("[0].severity", equalTo("ERROR"))
                    .body("[0].message", containsString("hub62.crl.test"));

            given().get("/findings?ruleId=CRL_STALE&certificateId=" + staleId).then()
                    .body("[0].severity", equalTo("ERROR")).body("[0].message", containsString("next update was due"));
            revocation(staleId).body("status", equalTo("UNKNOWN")).body("detail", containsString("next update was due"));

            given().get("/findings?ruleId=CRL_UNREADABLE&certificateId=" + garbageId).then()
                    .body("[0].message", containsString("not a CRL"));
            revocation(garbageId).body("status", equalTo("UNKNOWN"));

            given().get("/findings?ruleId=CRL_UNREADABLE&certificateId=" + forgedId).then()
                    .body("[0].message", containsString("does not verify"));
            revocation(forgedId).body("status", equalTo("UNKNOWN"));

            given().get("/findings?ruleId=CRL_UNREACHABLE&certificateId=" + silentId).then()
                    .body("[0].message", containsString(":" + closed + "/ca.crl"));
            assertThat(rules(silentId)).doesNotContain(PlanningRules.CRL_UNREADABLE);

            // the CA publishes a fresh CRL: the stale finding resolves at the next check
            served.put("/stale.crl", TestCertificates.crl(ca, now, now.plus(7, ChronoUnit.DAYS), List.of()));
            discoverSlots();
            assertThat(rules(staleId)).doesNotContain(PlanningRules.CRL_STALE);
            revocation(staleId).body("status", equalTo("GOOD"));
        } finally {
            crlServer.stop(0);
        }
    }

    /**
     * A CA run with {@code openssl ca}: its leaves name {@code openssl ocsp} as responder (signing with the CA's key,
     * answering the nonce) and its CRL as distribution point. OCSP says good and revoked; a leaf without a responder
     * is judged by the CRL {@code openssl ca -gencrl} made.
     */
    @Test
    void opensslsOcspResponderAndCrlAreBelieved(@TempDir Path dir) throws Exception {
        int ocspPort = closedPort();
        Map<String, byte[]> served = new ConcurrentHashMap<>();
        HttpServer crlServer = serving(served);
        Process responder = null;
        try {
            String crlUrl = "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/openssl.crl";
            OpensslCa ca = OpensslCa.create(dir);
            Path good = ca.issue("hub51.ocsp.test", "http://127.0.0.1:" + ocspPort + "/", crlUrl);
            Path revoked = ca.issue("hub52.ocsp.test", "http://127.0.0.1:" + ocspPort + "/", crlUrl);
            Path onCrl = ca.issue("hub53.ocsp.test", null, crlUrl);
            ca.revoke(revoked);
            ca.revoke(onCrl);
            served.put("/openssl.crl", ca.crl());
            responder = ca.ocspResponder(ocspPort);

            importPem(Files.readString(ca.certificate()));
            hubsOnLoopback("OCSP-Lab", "hub51.ocsp.test", "hub52.ocsp.test", "hub53.ocsp.test");
            int closed = closedPort();
            String goodId = bind("hub51.ocsp.test", Files.readString(good), closed);
            String revokedId = bind("hub52.ocsp.test", Files.readString(revoked), closed);
            String onCrlId = bind("hub53.ocsp.test", Files.readString(onCrl), closed);

            discoverSlots();

            revocation(goodId).body("status", equalTo("GOOD")).body("source", equalTo("OCSP"))
                    .body("detail", containsString("according to OCSP"));
            revocation(revokedId).body("status", equalTo("REVOKED")).body("source", equalTo("OCSP"))
                    .body("detail", containsString("keyCompromise"));
            revocation(onCrlId).body("status", equalTo("REVOKED")).body("source", equalTo("CRL"));
            assertThat(rules(revokedId)).contains(PlanningRules.REVOKED);
            assertThat(rules(onCrlId)).contains(PlanningRules.REVOKED);
            assertThat(rules(goodId)).doesNotContain(PlanningRules.REVOKED, PlanningRules.CRL_UNREADABLE, PlanningRules.CRL_STALE);

            // the responder goes away: OCSP cannot say, so the CRL (which does not list this leaf) does
            responder.destroy();
            responder.waitFor();
            discoverSlots();
            revocation(goodId).body("status", equalTo("GOOD")).body("source", equalTo("CRL"))
                    .body("detail", containsString("not on the CRL")).body("detail", containsString("OCSP http://127.0.0.1:" + ocspPort));
        } finally {
            if (responder != null) {
                responder.destroyForcibly();
            }
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
                        .body("[0].message", containsString("refused by the outbound guard"))
                        .body("[0].message", containsString("127.0.0.2"));
            }

            given().contentType("application/json").body(Map.of("targets", List.of("127.0.0.2:" + redirector.getAddress().getPort())))
                    .post("/discovery").then().statusCode(200)
                    .body(containsString("refused by the outbound guard"));
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
                .body("[0].message", containsString("/short.crl"));
        given().get("/findings?ruleId=CRL_UNREACHABLE&certificateId=" + longId).then()
                .body("[0].message", containsString("not fetched"));
    }

    /** A loopback HTTP server answering each path with what {@code served} holds for it (404 for nothing). */
    private static HttpServer serving(Map<String, byte[]> served) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
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

    private static TestCertificates.Issued leaf(TestCertificates.Issued ca, String name, String crlUrl) {
        Instant now = Instant.now();
        return TestCertificates.issuedBy(ca, name, List.of(name), now.minus(1, ChronoUnit.HOURS), now.plus(300, ChronoUnit.DAYS), crlUrl);
    }

    private static void importPem(String pem) {
        given().contentType("application/x-pem-file").body(pem.getBytes()).post("/certificates").then().statusCode(201);
    }

    private static void discoverSlots() {
        given().contentType("application/json").body(Map.of("slots", true)).post("/discovery").then().statusCode(200);
    }

    private static ValidatableResponse revocation(String certificateId) {
        return given().get("/certificates/" + certificateId + "/revocation").then().log().ifValidationFails().statusCode(200);
    }

    private static String bind(String server, TestCertificates.Issued cert, int port) {
        return bind(server, cert.pem(), port);
    }

    private static String bind(String server, String pem, int port) {
        String id = given().contentType("application/x-pem-file").body(pem.getBytes()).post("/certificates")
                .then().statusCode(201).extract().path("certificates[0].id");
        given().contentType("application/json").body(Map.of("server", server, "service", "SMTP", "certificateId", id, "port", port))
                .put("/servers/" + server + "/bindings/SMTP").then().statusCode(201);
        return id;
    }

    private static List<String> rules(String certificateId) {
        return given().get("/findings?certificateId=" + certificateId).then().statusCode(200).extract().jsonPath().getList("ruleId");
    }
}
