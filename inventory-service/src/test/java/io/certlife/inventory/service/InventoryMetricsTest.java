package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class InventoryMetricsTest {

    @Test
    void prometheusShowsExpiryBucketsFindingsAndDurations() {
        Instant now = Instant.now();
        var soon = TestCertificates.selfSigned("metrics-soon", List.of("metrics-soon"), now.minus(100, ChronoUnit.DAYS),
                now.plus(3, ChronoUnit.DAYS));
        given().contentType("application/x-pem-file").body(soon.pem().getBytes()).post("/certificates")
                .then().statusCode(201);
        given().post("/expiry-sweeps").then().statusCode(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("certlife_certificates\\{bucket=\"0-7d\"[^}]*\\} [1-9]");
            assertThat(metrics).contains("certlife_expiry_sweep_seconds_count");
            assertThat(metrics).contains("certlife_outbox_relayed_total");
            // consumer lag, which the Grafana dashboard (deploy/k8s) charts
            assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag_max");
        });
    }
}
