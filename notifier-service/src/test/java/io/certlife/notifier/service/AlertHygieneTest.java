package io.certlife.notifier.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.util.GreenMail;
import io.certlife.access.Roles;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.CsrGeneratedV1;
import io.certlife.events.DeploymentOverdueV1;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.events.RenewalFailedV1;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.certlife.events.SlotRef;
import io.certlife.notifier.Mailbox;
import io.certlife.notifier.NotifierSinks;
import io.certlife.notifier.TestEstate;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Muting, acknowledging, snoozing, auto-resolving and digests, as the owner's mailbox sees them. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
class AlertHygieneTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @NotifierSinks.Sink
    GreenMail mail;

    @Test
    void aRetiredSlotRaisesNothing() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String hub = estate.server("HUB10", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.HUB_TRANSPORT);
        estate.binding(hub, ServiceKind.SMTP, true);
        TestEstate.awaitApplied("BINDING", hub + "/SMTP");
        String retired = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.expiring(retired, "CN=retired", 14, 14, new SlotRef(hub, ServiceKind.SMTP)));
        String live = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.expiring(live, "CN=live", 14, 14, new SlotRef(hub, ServiceKind.SMTP), new SlotRef(hub, ServiceKind.UM)));

        await().atMost(Duration.ofSeconds(30)).until(() -> !alerts(live).isEmpty());
        assertThat(alerts(retired)).isEmpty();
        assertThat(alerts(live)).singleElement().satisfies(a -> assertThat(a.get("services")).isEqualTo(List.of("UM")));
    }

    @Test
    void anAcknowledgedCertificateStaysQuietUntilItsNextAlertIsCritical() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String cas = estate.server("CAS10", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.CLIENT_ACCESS);
        TestEstate.awaitApplied("SERVER", cas);
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.expiring(id, "CN=ack", 30, 30, new SlotRef(cas, ServiceKind.IIS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 1);
        String first = (String) alerts(id).get(0).get("id");
        TestTokens.as(Roles.OPERATOR).post("/alerts/" + first + "/acknowledge")
                .then().statusCode(200).body("state", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo(Roles.OPERATOR));

        kafka.sendEvent(TestEstate.expiring(id, "CN=ack", 14, 14, new SlotRef(cas, ServiceKind.IIS)));
        kafka.sendEvent(TestEstate.expiring(id, "CN=ack", 7, 7, new SlotRef(cas, ServiceKind.IIS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 2);
        assertThat(Mailbox.subjects(mail, estate.email)).containsExactlyInAnyOrder("ack on CAS10 (IIS) expires in 30 days: no renewal yet",
                "ack on CAS10 (IIS) expires in 7 days: no renewal yet");
        assertThat(alerts(id)).extracting(a -> a.get("severity") + ":" + a.get("state"))
                .containsExactlyInAnyOrder("WARNING:ACKNOWLEDGED", "WARNING:ACKNOWLEDGED", "CRITICAL:OPEN");
    }

    @Test
    void aSnoozedCertificateRaisesQuietlyButRenewalFailuresAlwaysAlert() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String um = estate.server("UM10", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.UNIFIED_MESSAGING);
        TestEstate.awaitApplied("SERVER", um);
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.expiring(id, "CN=snooze", 30, 30, new SlotRef(um, ServiceKind.UM)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 1);
        String first = (String) alerts(id).get(0).get("id");
        given().contentType("application/json").body(Map.of("until", "2020-01-01T00:00:00Z")).post("/alerts/" + first + "/snooze")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("'until' in the future"));
        given().contentType("application/json").body(Map.of("until", Instant.now().plus(Duration.ofDays(3)).toString()))
                .post("/alerts/" + first + "/snooze").then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("SNOOZED"));

        kafka.sendEvent(TestEstate.expiring(id, "CN=snooze", 7, 7, new SlotRef(um, ServiceKind.UM)));
        CloudEvent<RenewalFailedV1> failed = failure(id);
        kafka.sendEvent(failed);
        kafka.sendEvent(failure(id));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 3);
        assertThat(Mailbox.subjects(mail, estate.email)).containsExactlyInAnyOrder("snooze on UM10 (UM) expires in 30 days: no renewal yet",
                "Renewal of snooze on UM10 (UM) failed (KeyVaultUnavailable)", "Renewal of snooze on UM10 (UM) failed (KeyVaultUnavailable)");
        assertThat(alerts(id)).extracting(a -> a.get("kind") + ":" + a.get("state")).containsExactlyInAnyOrder(
                "CERTIFICATE_EXPIRING:SNOOZED", "CERTIFICATE_EXPIRING:SNOOZED", "RENEWAL_FAILED:OPEN", "RENEWAL_FAILED:OPEN");
    }

    @Test
    void aReplacementResolvesTheOldAlertsOnlyOnceSeenServedWithOneMessage() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String cas = estate.server("CAS11", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.CLIENT_ACCESS);
        TestEstate.awaitApplied("SERVER", cas);
        String old = UUID.randomUUID().toString();
        SlotRef iis = new SlotRef(cas, ServiceKind.IIS);
        kafka.sendEvent(TestEstate.expiring(old, "CN=resolve.contoso.com", 14, 14, iis));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 1);
        kafka.sendEvent(TestEstate.event("/certlife/renewal", old, new CsrGeneratedV1(UUID.randomUUID().toString(), old,
                "CN=resolve.contoso.com", List.of("resolve.contoso.com"), "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 2);

        CertificateSummary renewed = TestEstate.summary(UUID.randomUUID().toString(), "CN=resolve.contoso.com",
                Instant.now().plus(Duration.ofDays(200)), "resolve.contoso.com");
        var issued = TestEstate.issued(old, renewed, false, iis);
        kafka.sendEvent(issued);
        kafka.sendEvent(issued);
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 4);
        // issuance cures the renewal's own alert (the CSR), not the expiry
        assertThat(Mailbox.subjects(mail, estate.email)).filteredOn(s -> s.startsWith("Resolved"))
                .containsExactly("Resolved: resolve.contoso.com's replacement is issued");
        assertThat(Mailbox.subjects(mail, estate.email)).filteredOn(s -> s.startsWith("Task:")).singleElement()
                .satisfies(s -> assertThat(s).startsWith("Task: Enable ").endsWith(" on CAS11 for IIS"));
        // issued is not installed: the old certificate keeps alerting, saying where its replacement stands
        kafka.sendEvent(TestEstate.expiring(old, "CN=resolve.contoso.com", 7, 7, iis));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 5);
        assertThat(Mailbox.subjects(mail, estate.email)).contains("resolve.contoso.com on CAS11 (IIS) expires in 7 days: "
                + "replacement issued " + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ", not yet seen served here");
        assertThat(alerts(old)).extracting(a -> a.get("kind") + ":" + a.get("state")).containsExactlyInAnyOrder(
                "CERTIFICATE_EXPIRING:OPEN", "CERTIFICATE_EXPIRING:OPEN", "CSR_PENDING:RESOLVED");
        kafka.sendEvent(TestEstate.event("/certlife/inventory", renewed.certificateId(), new DeploymentOverdueV1(
                renewed.certificateId(), old, renewed.thumbprintSha1(), Instant.now().minus(Duration.ofDays(7)), Duration.ofDays(7),
                List.of(iis))));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 6);
        assertThat(Mailbox.subjects(mail, estate.email)).contains("Replacement " + renewed.thumbprintSha1()
                + " for resolve.contoso.com on CAS11 (IIS) not yet seen served");

        var verified = TestEstate.event("/certlife/inventory", renewed.certificateId(), new DeploymentVerifiedV1(
                renewed.certificateId(), old, renewed.thumbprintSha1(), iis, Instant.now(), List.of()));
        kafka.sendEvent(verified);
        kafka.sendEvent(verified);
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 7);
        assertThat(Mailbox.subjects(mail, estate.email)).filteredOn(s -> s.startsWith("Resolved")).containsExactly(
                "Resolved: resolve.contoso.com's replacement is issued", "Resolved: resolve.contoso.com is replaced where it served");
        assertThat(alerts(old)).hasSize(3).extracting(a -> a.get("state")).containsOnly("RESOLVED");
        assertThat(alerts(renewed.certificateId())).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("kind", "DEPLOYMENT_OVERDUE").containsEntry("state", "RESOLVED"));
        List<Map<String, Object>> resolved = given().get("/deliveries?sourceEventId=" + verified.id()).then().extract().jsonPath().getList("$");
        assertThat(resolved).extracting(d -> d.get("kind") + ":" + d.get("channel"))
                .containsExactlyInAnyOrder("RESOLVED:EMAIL", "RESOLVED:SLACK");
    }

    @Test
    void anOwnerInDigestModeGetsOneMessageAtTheLocalTimeOfTheSite() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", tokyo.getId());
        String hub = estate.server("HUB11", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        String at = Instant.now().plusSeconds(6).atZone(tokyo).toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        given().contentType("application/json").body(Map.of("localTime", at)).put("/digest-preferences/" + estate.team)
                .then().statusCode(200);
        given().contentType("application/json").body(Map.of("localTime", "25:99")).put("/digest-preferences/" + estate.team)
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("25:99"));

        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.expiring(a, "CN=digest-a", 30, 30, new SlotRef(hub, ServiceKind.SMTP)));
        kafka.sendEvent(TestEstate.expiring(b, "CN=digest-b", 7, 7, new SlotRef(hub, ServiceKind.SMTP)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !alerts(a).isEmpty() && !alerts(b).isEmpty());
        assertThat(Mailbox.subjects(mail, estate.email)).isEmpty();

        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 1);
        assertThat(Mailbox.subjects(mail, estate.email)).containsExactly("certlife digest: 2 alerts");
        String body = Mailbox.bodies(mail, estate.email).get(0);
        assertThat(body.indexOf("digest-b on HUB11 (SMTP) expires in 7 days")).isLessThan(body.indexOf("digest-a on HUB11"));
        given().delete("/digest-preferences/" + estate.team).then().statusCode(204);
    }

    @Test
    void aFindingResolvedWithinItsGracePeriodIsNeverSent() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String cas = estate.server("CAS12", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.CLIENT_ACCESS);
        TestEstate.awaitApplied("SERVER", cas);
        String fleeting = UUID.randomUUID().toString();
        String lasting = UUID.randomUUID().toString();
        kafka.sendEvent(finding(fleeting, "IIS_CERTIFICATE_COUNT", "cas12 has 0 certificates enabled for IIS", cas));
        kafka.sendEvent(finding(lasting, "EXPORTABLE_KEY_REQUIRED", "cas12's key is not exportable", cas));
        kafka.sendEvent(TestEstate.event("/certlife/inventory", cas, new io.certlife.events.PolicyFindingResolvedV1(fleeting,
                "IIS_CERTIFICATE_COUNT", null, new SlotRef(cas, ServiceKind.IIS))));

        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 1);
        assertThat(Mailbox.subjects(mail, estate.email)).containsExactly("EXPORTABLE_KEY_REQUIRED: cas12's key is not exportable");
        assertThat(given().get("/alerts?server=" + cas).then().extract().jsonPath().<Map<String, Object>>getList("$"))
                .extracting(a -> a.get("title") + ":" + a.get("state")).containsExactlyInAnyOrder(
                        "IIS_CERTIFICATE_COUNT: cas12 has 0 certificates enabled for IIS:RESOLVED",
                        "EXPORTABLE_KEY_REQUIRED: cas12's key is not exportable:OPEN");
        String fleetingAlert = given().get("/alerts?server=" + cas + "&state=RESOLVED").then().extract().path("[0].id");
        assertThat(given().get("/deliveries?alertId=" + fleetingAlert).then().extract().jsonPath().<String>getList("status"))
                .isNotEmpty().containsOnly("CANCELLED");
    }

    private static CloudEvent<io.certlife.events.PolicyFindingRaisedV1> finding(String id, String rule, String message, String server) {
        return TestEstate.event("/certlife/inventory", server, new io.certlife.events.PolicyFindingRaisedV1(id, rule, Severity.ERROR,
                message, null, new SlotRef(server, ServiceKind.IIS)));
    }

    private CloudEvent<RenewalFailedV1> failure(String certificateId) {
        return TestEstate.event("/certlife/renewal", certificateId, new RenewalFailedV1(UUID.randomUUID().toString(), certificateId,
                "KeyVaultUnavailable", "the key-encryption key is not configured", false, 1, Instant.now().plusSeconds(3600)));
    }

    private static List<Map<String, Object>> alerts(String certificateId) {
        return given().get("/alerts?certificateId=" + certificateId).then().statusCode(200).extract().jsonPath().getList("$");
    }
}
