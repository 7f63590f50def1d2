package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.EventData;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class ExpirySweepTest {

    private static final KeyPair KEYS = TestCertificates.rsaKeyPair();

    @Inject
    ExpirySweep sweep;

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void eachThresholdIsNoticedOnceAsTimePassesThenExpiry() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String id = importCertificate("walk", now.minus(400, ChronoUnit.DAYS), now.plus(45, ChronoUnit.DAYS));

        sweep.sweep(now);                               // 45 days left: the 60-day threshold
        sweep.sweep(now);                               // nothing new
        sweep.sweep(now.plus(16, ChronoUnit.DAYS));     // 29 days left: 30
        sweep.sweep(now.plus(40, ChronoUnit.DAYS));     // 5 days left: 14 and 7 crossed since, only 7 is noticed
        sweep.sweep(now.plus(46, ChronoUnit.DAYS));     // expired
        sweep.sweep(now.plus(47, ChronoUnit.DAYS));     // nothing new

        List<EventData> events = events(id, 6);
        assertThat(events).hasSize(6);
        assertThat(events.get(0)).isInstanceOf(io.certlife.events.CertificateDiscoveredV1.class);
        // the first sweep also finds the certificate due (past two thirds of its life): one RenewalDue
        assertThat(events).filteredOn(e -> e instanceof io.certlife.events.RenewalDueV1).hasSize(1);
        List<EventData> expiry = events.stream().filter(e -> !(e instanceof io.certlife.events.RenewalDueV1)).skip(1).toList();
        assertThat(expiry.subList(0, 3)).extracting(e -> ((CertificateExpiringV1) e).thresholdDays())
                .containsExactly(60, 30, 7);
        assertThat(((CertificateExpiringV1) expiry.get(2)).daysLeft()).isEqualTo(5);
        assertThat(expiry.get(3)).isInstanceOf(CertificateExpiredV1.class);
    }

    /** Two sweeps at once, as two replicas would run them, share the work and notice each certificate once. */
    @Test
    void twoConcurrentSweepsEmitExactlyOneEventPerCrossing() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            ids.add(importCertificate("replica-" + i, now.minus(1, ChronoUnit.DAYS), now.plus(5, ChronoUnit.DAYS)));
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        List<Future<ExpirySweep.Result>> results = new ArrayList<>();
        for (int replica = 0; replica < 2; replica++) {
            results.add(replicas.submit(() -> {
                start.await();
                return sweep.sweep(now);
            }));
        }
        int expiring = 0;
        for (Future<ExpirySweep.Result> result : results) {
            expiring += result.get().expiring();
        }
        replicas.shutdown();

        assertThat(expiring).isEqualTo(120);
        List<CloudEvent<?>> events = kafka.await(Topics.INVENTORY_EVENTS,
                        r -> ids.contains(r.key()) && EventCodec.decode(r.value()).data() instanceof CertificateExpiringV1,
                        121, Duration.ofSeconds(8)).stream()
                .<CloudEvent<?>>map(r -> EventCodec.decode(r.value())).toList();
        assertThat(events).hasSize(120);
        assertThat(events).extracting(CloudEvent::subject).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> assertThat(((CertificateExpiringV1) e.data()).thresholdDays()).isEqualTo(7));
    }

    private String importCertificate(String cn, Instant notBefore, Instant notAfter) {
        var cert = TestCertificates.selfSigned(cn, List.of(cn + ".contoso.com"), notBefore, notAfter, KEYS);
        return given().contentType("application/x-pem-file").body(cert.pem().getBytes())
                .post("/certificates").then().statusCode(201).extract().path("certificates[0].id");
    }

    private List<EventData> events(String certificateId, int atLeast) {
        return kafka.await(Topics.INVENTORY_EVENTS, r -> certificateId.equals(r.key()), atLeast + 1, Duration.ofSeconds(8))
                .stream().<EventData>map(r -> EventCodec.decode(r.value()).data()).toList();
    }
}
