package io.certlife.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class InventoryMetricsTest {

    private static final Pattern DUE_THIS_WEEK = Pattern.compile("certlife_certificates\\{bucket=\"0-7d\"[^}]*\\} ([0-9.]+)");

    @Inject
    InventoryMetrics metrics;

    @Test
    void prometheusShowsExpiryBucketsFindingsAndDurations() {
        metrics.refresh();
        double before = dueThisWeek(scrape());

        Instant now = Instant.now();
        for (String name : List.of("metrics-soon-1", "metrics-soon-2")) {
            var soon = TestCertificates.selfSigned(name, List.of(name), now.minus(100, ChronoUnit.DAYS), now.plus(3, ChronoUnit.DAYS));
            given().contentType("application/x-pem-file").body(soon.pem().getBytes()).post("/certificates").then().statusCode(201);
        }
        given().post("/expiry-sweeps").then().statusCode(200);
        metrics.refresh();

        // the two certificates this test made, whatever other tests left in the shared database
        assertThat(dueThisWeek(scrape())).isEqualTo(before + 2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scrape()).contains(
                "certlife_expiry_sweep_seconds_count", "certlife_outbox_relayed_total",
                // consumer lag, which the Grafana dashboard (deploy/k8s) charts
                "kafka_consumer_fetch_manager_records_lag_max"));
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double dueThisWeek(String metrics) {
        Matcher bucket = DUE_THIS_WEEK.matcher(metrics);
        return bucket.find() ? Double.parseDouble(bucket.group(1)) : 0;
    }
}
