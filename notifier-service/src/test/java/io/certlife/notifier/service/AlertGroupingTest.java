package io.certlife.notifier.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.certlife.access.Roles;
import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.PolicyFindingRaisedV1;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.certlife.events.SlotRef;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.HttpReceiver;
import io.certlife.notifier.Mailbox;
import io.certlife.notifier.NotifierSinks;
import io.certlife.notifier.TestEstate;
import io.certlife.notifier.channel.webhook.WebhookChannel;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Alert grouping over the real broker, database, SMTP server and HTTP receiver: a burst goes as one message per route
 * (owner, channel, recipient) and later alerts as one follow-up, a critical alert is not held, and acknowledging an
 * alert inside a group acknowledges that alert alone.
 */
@QuarkusTest
@TestProfile(AlertGroupingTest.Grouped.class)
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
class AlertGroupingTest {

    // group-wait is the time the test's burst has to reach the service's intake: on a busy CI machine 6 s proved too short
    static final Duration GROUP_WAIT = Duration.ofSeconds(10);
    static final Duration GROUP_INTERVAL = Duration.ofSeconds(15);
    static final Duration FINDING_GRACE = Duration.ofSeconds(20);

    /**
     * Grouping on, with short waits, and dispatch rounds of two due lines: a burst's round then takes most of its groups
     * as the channel's other due groups, whole, beside the groups of the two lines it claimed. Retries back off 5 s.
     */
    public static final class Grouped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("certlife.notifier.delivery.batch-size", "2", "certlife.notifier.grouping.group-wait", GROUP_WAIT.toSeconds() + "s",
                    "certlife.notifier.grouping.group-interval", GROUP_INTERVAL.toSeconds() + "s",
                    "certlife.notifier.grouping.critical-wait", "1s", "certlife.notifier.finding-grace", FINDING_GRACE.toSeconds() + "s",
                    // a retry's jitter (0.8-1.2 of the backoff) spreads over seconds, more than a dispatcher's poll interval
                    "certlife.notifier.delivery.initial-backoff", "5s", "certlife.notifier.delivery.max-backoff", "10s");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @NotifierSinks.Sink
    GreenMail mail;

    @NotifierSinks.Sink
    HttpReceiver http;

    @Test
    void aBurstGoesAsOneMessagePerRouteAndLaterAlertsAsOneFollowUp() throws Exception {
        TestEstate a = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        TestEstate b = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String hubA = a.server("HUBA", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        String hubB = b.server("HUBB", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        a.routeTo("WEBHOOK", "ops-webhook");
        b.routeTo("WEBHOOK", "ops-webhook");
        TestEstate.awaitApplied("SERVER", hubA);
        TestEstate.awaitApplied("SERVER", hubB);

        Instant start = Instant.now();
        List<String> burstA = expiring(hubA, "burst-a", 5);
        List<String> burstB = expiring(hubB, "burst-b", 3);

        await().atMost(Duration.ofSeconds(45)).until(() -> Mailbox.subjects(mail, a.email).size() == 1
                && Mailbox.subjects(mail, b.email).size() == 1 && webhooks(a.team).size() == 1 && webhooks(b.team).size() == 1
                && slack(a.team).size() == 1 && slack(b.team).size() == 1);
        assertThat(Mailbox.subjects(mail, a.email)).as(() -> timeline(burstA)).containsExactly("certlife: 5 alerts for " + a.team);
        assertThat(Mailbox.subjects(mail, b.email)).as(() -> timeline(burstB)).containsExactly("certlife: 3 alerts for " + b.team);
        String body = Mailbox.bodies(mail, a.email).get(0);
        for (int i = 0; i < 5; i++) {
            assertThat(body).contains("burst-a-" + i + " on HUBA (SMTP) expires in 30 days");
        }
        assertThat(slack(a.team).get(0).body()).contains("burst-a-0").contains("burst-a-4").doesNotContain("burst-b");

        // the webhook gets one signed AlertsGrouped CloudEvent per owner, listing that owner's alerts
        HttpReceiver.Request hook = webhooks(a.team).get(0);
        assertThat(hook.header(WebhookChannel.SIGNATURE_HEADER)).isEqualTo("sha256=" + WebhookChannel.sign(NotifierSinks.WEBHOOK_SECRET,
                hook.header(WebhookChannel.TIMESTAMP_HEADER), hook.body().getBytes(StandardCharsets.UTF_8)));
        JsonNode event = JSON.readTree(hook.body());
        assertThat(event.get("type").asText()).isEqualTo("io.certlife.alerts.grouped.v1");
        assertThat(event.at("/data/count").asInt()).isEqualTo(5);
        List<String> listed = new ArrayList<>();
        event.at("/data/alerts").forEach(alert -> listed.add(alert.get("certificateId").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(burstA);
        // each listed alert as its own message and alert told it (the dispatcher reads these with its claim)
        event.at("/data/alerts").forEach(alert -> {
            Map<String, Object> raised = alerts(alert.get("certificateId").asText()).get(0);
            assertThat(alert.get("alertId").asText()).isEqualTo(raised.get("id"));
            assertThat(alert.get("kind").asText()).isEqualTo("CERTIFICATE_EXPIRING");
            assertThat(alert.get("severity").asText()).isEqualTo("WARNING");
            assertThat(alert.get("server").asText()).isEqualTo(raised.get("server"));
            assertThat(alert.get("title").asText()).isEqualTo(raised.get("title")).contains("expires in 30 days");
            assertThat(alert.get("summary").asText()).isEqualTo(raised.get("summary"));
        });

        // the ledger says which message carried each alert: one per channel, none sent before the group waited
        List<Map<String, Object>> emailLines = lines(burstA, "EMAIL");
        assertThat(emailLines).hasSize(5).allSatisfy(line -> assertThat(line.get("status")).isEqualTo("SENT"));
        assertThat(emailLines.stream().map(l -> l.get("messageId")).distinct().toList()).singleElement().isNotNull();
        assertThat(lines(burstA, "WEBHOOK").stream().map(l -> l.get("messageId")).distinct().toList())
                .containsExactly(event.get("id").asText());
        Instant firstSent = Instant.parse((String) emailLines.get(0).get("sentAt"));
        assertThat(firstSent).isAfterOrEqualTo(start.plus(GROUP_WAIT));
        assertThat(lines(burstB, "EMAIL")).hasSize(3);

        // later alerts of the same route go as one follow-up, a group interval after the first message, even when they
        // were queued for an earlier time (an intake transaction that began before the first message went)
        List<String> later = expiring(hubA, "later-a", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(later, "EMAIL").size() == 2 && lines(later, "WEBHOOK").size() == 2);
        List<UUID> laterAlerts = later.stream().flatMap(id -> alerts(id).stream()).map(alert -> UUID.fromString((String) alert.get("id"))).toList();
        QuarkusTransaction.requiringNew().run(() -> Delivery.update("nextAttemptAt = ?1 where alertId in ?2 and status = ?3",
                Instant.now(), laterAlerts, Delivery.Status.PENDING));
        await().atMost(Duration.ofSeconds(45)).until(() -> Mailbox.subjects(mail, a.email).size() == 2 && webhooks(a.team).size() == 2);
        assertThat(Mailbox.subjects(mail, a.email).get(1)).isEqualTo("certlife: 2 alerts for " + a.team);
        List<Map<String, Object>> followUp = lines(later, "EMAIL");
        assertThat(followUp).hasSize(2);
        assertThat(Instant.parse((String) followUp.get(0).get("sentAt"))).isAfterOrEqualTo(firstSent.plus(GROUP_INTERVAL));
        assertThat(Mailbox.subjects(mail, b.email)).hasSize(1);
    }

    @Test
    void aCriticalAlertIsNotHeldAndTakesItsQueuedGroupWithIt() {
        TestEstate estate = new TestEstate(kafka).teamAndSite(null, "UTC");
        String hub = estate.server("HUBC", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        List<String> warnings = expiring(hub, "warn-c", 3);
        warnings.forEach(id -> await().atMost(Duration.ofSeconds(10)).until(() -> !alerts(id).isEmpty()));

        String expired = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.event("/certlife/inventory", expired, new CertificateExpiredV1(expired, "AB01", "CN=gone-c",
                Instant.now().minus(Duration.ofDays(1)), false, List.of(new SlotRef(hub, ServiceKind.SMTP)))));

        await().atMost(Duration.ofSeconds(20)).until(() -> Mailbox.subjects(mail, estate.email).size() == 1);
        assertThat(Mailbox.subjects(mail, estate.email)).containsExactly("certlife: 4 alerts for " + estate.team + " (1 critical)");
        String body = Mailbox.bodies(mail, estate.email).get(0);
        assertThat(body.indexOf("gone-c on HUBC (SMTP) expired")).isNotNegative().isLessThan(body.indexOf("warn-c-0"));
        Map<String, Object> critical = alerts(expired).get(0);
        Map<String, Object> line = lines(List.of(expired), "EMAIL").get(0);
        assertThat(Duration.between(Instant.parse((String) critical.get("createdAt")), Instant.parse((String) line.get("sentAt"))))
                .isLessThan(GROUP_WAIT);
        assertThat(lines(warnings, "EMAIL")).allSatisfy(l -> assertThat(l.get("messageId")).isEqualTo(line.get("messageId")));
    }

    @Test
    void anAcknowledgedAlertInsideAGroupIsAcknowledgedAlone() {
        TestEstate estate = new TestEstate(kafka).teamAndSite(null, "UTC");
        String hub = estate.server("HUBD", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        List<String> ids = expiring(hub, "ack-d", 3);
        ids.forEach(id -> await().atMost(Duration.ofSeconds(10)).until(() -> !alerts(id).isEmpty()));

        // acknowledged while its group waits: the others still go, without it
        String acknowledged = (String) alerts(ids.get(0)).get(0).get("id");
        TestTokens.as(Roles.OPERATOR).post("/alerts/" + acknowledged + "/acknowledge").then().statusCode(200)
                .body("state", equalTo("ACKNOWLEDGED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).size() == 1);
        assertThat(Mailbox.subjects(mail, estate.email)).containsExactly("certlife: 2 alerts for " + estate.team);
        assertThat(Mailbox.bodies(mail, estate.email).get(0)).contains("ack-d-1", "ack-d-2").doesNotContain("ack-d-0");
        assertThat(lines(List.of(ids.get(0)), "EMAIL")).singleElement().satisfies(l -> assertThat(l.get("status")).isEqualTo("CANCELLED"));
        assertThat(lines(ids.subList(1, 3), "EMAIL")).allSatisfy(l -> assertThat(l.get("status")).isEqualTo("SENT"));

        // acknowledged after the group went: that alert alone changes
        String second = (String) alerts(ids.get(1)).get(0).get("id");
        TestTokens.as(Roles.OPERATOR).post("/alerts/" + second + "/acknowledge").then().statusCode(200);
        assertThat(alerts(ids.get(1)).get(0).get("state")).isEqualTo("ACKNOWLEDGED");
        assertThat(alerts(ids.get(2)).get(0).get("state")).isEqualTo("OPEN");
        assertThat(alerts(ids.get(0)).get(0).get("state")).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void aFindingKeepsItsGraceWithoutHoldingBackItsGroup() {
        TestEstate estate = new TestEstate(kafka).teamAndSite(null, "UTC");
        String cas = estate.server("CASE", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.CLIENT_ACCESS);
        TestEstate.awaitApplied("SERVER", cas);
        kafka.sendEvent(TestEstate.event("/certlife/inventory", cas, new PolicyFindingRaisedV1(UUID.randomUUID().toString(),
                "EXPORTABLE_KEY_REQUIRED", Severity.WARNING, "case's key is not exportable", null, new SlotRef(cas, ServiceKind.IIS))));
        await().atMost(Duration.ofSeconds(10)).until(() -> !findingAlerts(cas).isEmpty());
        List<String> expiring = expiring(cas, "after-finding-e", 2);

        // the expiry alerts go after group-wait, not after the finding's longer grace; the finding follows on its own
        await().atMost(Duration.ofSeconds(40)).until(() -> Mailbox.subjects(mail, estate.email).size() == 2);
        assertThat(Mailbox.subjects(mail, estate.email)).containsExactly("certlife: 2 alerts for " + estate.team,
                "EXPORTABLE_KEY_REQUIRED: case's key is not exportable");
        Map<String, Object> finding = findingAlerts(cas).get(0);
        Instant findingRaised = Instant.parse((String) finding.get("createdAt"));
        assertThat(Instant.parse((String) lines(expiring, "EMAIL").get(0).get("sentAt"))).isBefore(findingRaised.plus(FINDING_GRACE));
        Map<String, Object> findingLine = given().get("/deliveries?alertId=" + finding.get("id") + "&channel=EMAIL").then()
                .extract().jsonPath().<Map<String, Object>>getList("$").get(0);
        assertThat(Instant.parse((String) findingLine.get("sentAt"))).isAfterOrEqualTo(findingRaised.plus(FINDING_GRACE));
    }

    private static List<Map<String, Object>> findingAlerts(String server) {
        return given().get("/alerts?server=" + server).then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$")
                .stream().filter(a -> "POLICY_FINDING".equals(a.get("kind"))).toList();
    }

    /** Sends {@code count} expiry notices (30 days, WARNING) for new certificates on the server; returns their ids. */
    private List<String> expiring(String server, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            kafka.sendEvent(TestEstate.expiring(id, "CN=" + prefix + "-" + i, 30, 30, new SlotRef(server, ServiceKind.SMTP)));
        }
        return ids;
    }

    /**
     * A group's message that fails (the webhook answers 503) is retried as that one message: its lines share one retry
     * time, so they fall due together again, and the receiver gets the same CloudEvent id listing every alert again.
     */
    @Test
    void aGroupWhoseSendFailsIsRetriedAsOneMessage() throws Exception {
        TestEstate estate = new TestEstate(kafka).teamAndSite(null, "UTC");
        String hub = estate.server("HUBF", "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        estate.routeTo("WEBHOOK", "ops-webhook");
        TestEstate.awaitApplied("SERVER", hub);
        String owner = "\"owner\":\"" + estate.team + "\"";
        AtomicBoolean refused = new AtomicBoolean();
        http.handle("/hooks/ops", request -> request.body().contains(owner) && refused.compareAndSet(false, true)
                ? HttpReceiver.Answer.of(503) : HttpReceiver.Answer.of(200));
        try {
            List<String> ids = expiring(hub, "retry-f", 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> webhooks(estate.team).size() >= 2
                    && lines(ids, "WEBHOOK").stream().allMatch(l -> "SENT".equals(l.get("status"))));
            List<HttpReceiver.Request> hooks = webhooks(estate.team);
            assertThat(hooks).as("the refused message and its retry, nothing else").hasSize(2);
            JsonNode refusedEvent = JSON.readTree(hooks.get(0).body());
            JsonNode retried = JSON.readTree(hooks.get(1).body());
            assertThat(refusedEvent.at("/data/count").asInt()).isEqualTo(3);
            assertThat(retried.at("/data/count").asInt()).isEqualTo(3);
            assertThat(retried.get("id").asText()).as("the same message again, so a receiver can tell").isEqualTo(refusedEvent.get("id").asText());
            assertThat(lines(ids, "WEBHOOK")).hasSize(3).allSatisfy(l -> {
                assertThat(l.get("attempts")).isEqualTo(2);
                assertThat(l.get("messageId")).isEqualTo(retried.get("id").asText());
            });
        } finally {
            http.handle("/hooks/ops", request -> HttpReceiver.Answer.of(200));
        }
    }

    private List<HttpReceiver.Request> webhooks(String team) {
        return http.requestsContaining("/hooks/ops", "\"owner\":\"" + team + "\"");
    }

    private List<HttpReceiver.Request> slack(String team) {
        return http.requestsContaining("/slack/ops", "alerts for " + team);
    }

    /** The ledger lines of these certificates' alerts on one channel. */
    private static List<Map<String, Object>> lines(List<String> certificateIds, String channel) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String certificateId : certificateIds) {
            for (Map<String, Object> alert : alerts(certificateId)) {
                lines.addAll(given().get("/deliveries?alertId=" + alert.get("id") + "&channel=" + channel).then().statusCode(200)
                        .extract().jsonPath().<Map<String, Object>>getList("$"));
            }
        }
        return lines;
    }

    /** When each certificate's alert was raised and when and in which message its email went: what a failed grouping shows. */
    private static String timeline(List<String> certificateIds) {
        StringBuilder text = new StringBuilder("alert raised -> email line (status, sent, message):");
        for (String certificateId : certificateIds) {
            for (Map<String, Object> alert : alerts(certificateId)) {
                text.append("\n  ").append(certificateId).append(" raised ").append(alert.get("createdAt"));
                for (Map<String, Object> line : lines(List.of(certificateId), "EMAIL")) {
                    text.append(" -> ").append(line.get("status")).append(' ').append(line.get("sentAt")).append(' ').append(line.get("messageId"));
                }
            }
        }
        return text.toString();
    }

    private static List<Map<String, Object>> alerts(String certificateId) {
        return given().get("/alerts?certificateId=" + certificateId).then().statusCode(200).extract().jsonPath().getList("$");
    }
}
