package io.certlife.notifier.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certlife.notifier.TestEstate;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A certificate the notifier knows to have expired more than certlife.reconcile.after ago, without an expiry alert
 * (its CertificateExpired never arrived), gets that alert from reconciliation, once; one that expired minutes ago is
 * left to the event that is still on its way.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class AlertReconciliationTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    AlertReconciliation reconciliation;

    @Test
    void anExpiredCertificateWithoutItsAlertGetsItOnce() {
        String lost = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        // the last notices that arrived: a day past notAfter (its CertificateExpired was lost), and just at notAfter
        kafka.sendEvent(TestEstate.expiring(lost, "CN=lost-" + lost.substring(0, 8), 1, -1));
        kafka.sendEvent(TestEstate.expiring(recent, "CN=recent-" + recent.substring(0, 8), 1, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> !kinds(lost).isEmpty() && !kinds(recent).isEmpty());
        assertThat(kinds(lost)).containsExactly("CERTIFICATE_EXPIRING");

        assertThat(reconciliation.raiseMissingExpiredAlerts(Instant.now())).isGreaterThanOrEqualTo(1);
        assertThat(kinds(lost)).containsExactlyInAnyOrder("CERTIFICATE_EXPIRING", "CERTIFICATE_EXPIRED");
        assertThat(kinds(recent)).as("expired minutes ago: its event is still expected").containsExactly("CERTIFICATE_EXPIRING");

        reconciliation.raiseMissingExpiredAlerts(Instant.now());
        assertThat(kinds(lost)).as("raised once").containsExactlyInAnyOrder("CERTIFICATE_EXPIRING", "CERTIFICATE_EXPIRED");
        List<Map<String, Object>> expired = given().get("/alerts?certificateId=" + lost).then().extract().jsonPath()
                .<Map<String, Object>>getList("$").stream().filter(a -> "CERTIFICATE_EXPIRED".equals(a.get("kind"))).toList();
        assertThat(expired).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("sourceEventId", "reconciled-expired-" + lost).containsEntry("severity", "CRITICAL")
                .containsEntry("occurrences", 1).containsEntry("state", "OPEN"));
    }

    private static List<String> kinds(String certificateId) {
        List<Map<String, Object>> alerts = given().get("/alerts?certificateId=" + certificateId).then().statusCode(200)
                .extract().jsonPath().getList("$");
        return alerts.stream().map(a -> (String) a.get("kind")).toList();
    }
}
