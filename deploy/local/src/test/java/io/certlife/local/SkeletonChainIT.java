package io.certlife.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.embedded.EmbeddedKafkaBroker;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walking skeleton end to end, over the packaged services as separate processes on a real Kafka
 * broker and PostgreSQL: inventory stores a certificate and emits RenewalDue through its outbox,
 * renewal plans and issues the self-signed clone, inventory registers the clone as the replacement, and an
 * expiring certificate's notice becomes an alert in the notifier.
 */
class SkeletonChainIT {

    @RegisterExtension
    static final LocalSystemExtension LOCAL = new LocalSystemExtension();

    @Test
    void aDueCertificateFlowsFromInventoryThroughRenewalToTheNotifier() {
        LocalSystem system = LOCAL.system();
        for (String service : LocalSystem.SERVICES) {
            given().baseUri(system.url(service)).get("/q/health/ready").then().statusCode(200);
            given().baseUri(system.url(service)).get("/q/openapi").then().statusCode(200);
            assertThat(given().baseUri(system.url(service)).get("/q/metrics").then().statusCode(200)
                    .extract().asString()).contains("certlife_outbox_relayed_total");
        }
        Instant now = Instant.now();
        var cert = TestCertificates.selfSigned("hub02", List.of("hub02", "hub02.contoso.com"),
                now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS));

        String certificateId = given().baseUri(system.url("inventory-service"))
                .contentType("application/x-pem-file").body(cert.pem().getBytes())
                .post("/certificates").then().statusCode(201).extract().path("certificates[0].id");
        given().baseUri(system.url("inventory-service")).post("/expiry-sweeps").then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                given().baseUri(system.url("renewal-service")).get("/renewals?certificateId=" + certificateId)
                        .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$"))
                .singleElement().satisfies(renewal -> assertThat(renewal)
                        .containsEntry("issuer", "SELF_SIGNED").containsEntry("generation", 2)));

        // the loop closes: inventory registers the self-signed clone as the replacement of the old certificate
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                given().baseUri(system.url("inventory-service")).get("/certificates?size=1000")
                        .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$"))
                .filteredOn(c -> certificateId.equals(c.get("replacesId")))
                .singleElement().satisfies(replacement -> assertThat(replacement)
                        .containsEntry("subject", "CN=hub02").containsEntry("generation", 2)
                        .containsEntry("source", "ISSUED")
                        .containsEntry("subjectAltNames", List.of("hub02", "hub02.contoso.com"))));

        // a certificate 20 days from expiry but not yet due (a 30-day lifetime): the sweep's notice reaches the notifier
        var expiring = TestCertificates.selfSigned("hub03", List.of("hub03"), now.minus(10, ChronoUnit.DAYS),
                now.plus(20, ChronoUnit.DAYS));
        String expiringId = given().baseUri(system.url("inventory-service"))
                .contentType("application/x-pem-file").body(expiring.pem().getBytes())
                .post("/certificates").then().statusCode(201).extract().path("certificates[0].id");
        given().baseUri(system.url("inventory-service")).post("/expiry-sweeps").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                given().baseUri(system.url("notifier-service")).get("/alerts?certificateId=" + expiringId)
                        .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$"))
                .singleElement().satisfies(alert -> {
                    assertThat(alert).containsEntry("kind", "CERTIFICATE_EXPIRING").containsEntry("state", "OPEN")
                            .containsEntry("severity", "WARNING");
                    assertThat((String) alert.get("title")).startsWith("hub03 expires in ");
                }));
    }

    /**
     * Issue 17's first loss, closed: a RenewalDue that arrives while the database restarts is retried, not
     * dead-lettered, and the renewal is issued once PostgreSQL is back.
     */
    @Test
    void aRenewalDueThatArrivesWhileTheDatabaseRestartsIsRenewedNotDeadLettered() throws Exception {
        LocalSystem system = LOCAL.system();
        KafkaTestClient kafka = new KafkaTestClient(system.bootstrapServers());
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        CloudEvent<RenewalDueV1> due = CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "5".repeat(40), "4".repeat(64), "CN=hub05", "CN=hub05", "05",
                        List.of("hub05.contoso.com"), now.minus(300, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS), "RSA", 2048,
                        "SHA256withRSA", true),
                2, now.minus(1, ChronoUnit.DAYS), List.of(new SlotRef("hub05.contoso.com", ServiceKind.SMTP)), false,
                RenewalRequirements.NONE), Clock.systemUTC());
        Thread restart = new Thread(() -> {
            try {
                system.restartPostgres(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        restart.start();
        Thread.sleep(2000);
        kafka.sendEvent(due);
        restart.join();

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(given().baseUri(system.url("renewal-service"))
                .get("/renewals?certificateId=" + oldId).then().statusCode(200).extract().jsonPath().<String>getList("state"))
                .containsExactly("ISSUED"));
        assertThat(kafka.await(Topics.RENEWAL_DEAD_LETTER, r -> r.value().contains(due.id()), 1, Duration.ofSeconds(5)))
                .as("nothing dead-lettered").isEmpty();
        assertThat(Files.readString(system.log("renewal-service"))).as("the effect was retried while the database was down")
                .contains("event " + due.id());
    }

    @Test
    void twoInventoryReplicasSweepingAtOnceEmitEachExpiryNoticeOnce() throws Exception {
        LocalSystem system = LOCAL.system();
        int port = FreePorts.one();
        Instant now = Instant.now();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 60; i++) {
            var cert = TestCertificates.selfSigned("replica" + i, List.of("replica" + i), now.minus(5, ChronoUnit.DAYS),
                    now.plus(20, ChronoUnit.DAYS));
            ids.add(given().baseUri(system.url("inventory-service")).contentType("application/x-pem-file")
                    .body(cert.pem().getBytes()).post("/certificates").then().statusCode(201).extract().path("certificates[0].id"));
        }
        try (ServiceProcess replica = system.startReplica("inventory-service", List.of(), EmbeddedKafkaBroker.LOOPBACK, port)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            List<java.util.concurrent.Future<Integer>> sweeps = new java.util.ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String url : List.of(system.url("inventory-service"), replica.baseUrl())) {
                    sweeps.add(pool.submit(() -> given().baseUri(url).post("/expiry-sweeps").then().extract().statusCode()));
                }
            }
            for (var sweep : sweeps) {
                assertThat(sweep.get()).isEqualTo(200);
            }
            pool.shutdown();
        }
        // read the topic for 15 s (more than any legitimate count), so that a duplicate would be seen
        var kafka = new io.certlife.testsupport.KafkaTestClient(system.bootstrapServers());
        List<String> notices = kafka.await(io.certlife.events.Topics.INVENTORY_EVENTS, r -> ids.contains(r.key())
                        && r.value().contains("io.certlife.certificate.expiring.v1"), 2 * ids.size() + 1, Duration.ofSeconds(15)).stream()
                .map(r -> io.certlife.events.EventCodec.decode(r.value()).data())
                .map(d -> (io.certlife.events.CertificateExpiringV1) d)
                .map(e -> e.certificateId() + "@" + e.thresholdDays()).toList();
        assertThat(notices).as("one notice per certificate and threshold, with two replicas sweeping at once").doesNotHaveDuplicates();
        assertThat(notices.stream().map(n -> n.substring(0, n.indexOf('@'))).distinct()).hasSameSizeAs(ids);
    }
}
