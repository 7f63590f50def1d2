package io.certlife.notifier.channel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.notifier.HttpReceiver;
import io.certlife.notifier.Mailbox;
import io.certlife.notifier.NotifierSinks;
import io.certlife.notifier.TestEstate;
import io.certlife.notifier.channel.webhook.WebhookChannel;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One expiry alert through every channel, each checked at a real receiver: GreenMail reads the mail back (HTML
 * and text parts), the HTTP receiver sees Block Kit, an Adaptive Card and a CloudEvent whose HMAC it verifies.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
class ChannelDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @NotifierSinks.Sink
    GreenMail mail;

    @NotifierSinks.Sink
    HttpReceiver http;

    @Test
    void anExpiryAlertReachesEmailSlackTeamsAndASignedWebhookOnceEach() throws Exception {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "Europe/Berlin");
        String cas = estate.server("CAS01", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.CLIENT_ACCESS);
        String isa = estate.server("ISA01", "WINDOWS_SERVER_2003", "LEGACY", ServerRole.ISA);
        estate.publishingRule(isa, "OWA Listener", "mail.contoso.com", cas);
        estate.routeTo("TEAMS", "ops-teams");
        estate.routeTo("WEBHOOK", "ops-webhook");
        TestEstate.awaitApplied("SERVER", cas);

        String certificateId = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.event("/certlife/renewal", certificateId, new RenewalPlannedV1(UUID.randomUUID().toString(),
                certificateId, 2, "CSR", "CN=mail.contoso.com", List.of("mail.contoso.com"), "RSA", 2048, true,
                List.of(new SlotRef(cas, ServiceKind.IIS)), List.of(), true)));
        TestEstate.awaitKnown(certificateId);
        CloudEvent<CertificateExpiringV1> expiring = TestEstate.expiring(certificateId, "CN=mail.contoso.com, O=Contoso", 14, 14,
                new SlotRef(cas, ServiceKind.IIS), new SlotRef(cas, ServiceKind.POP), new SlotRef(cas, ServiceKind.IMAP));
        kafka.sendEvent(expiring);

        String title = "mail.contoso.com on CAS01 (IIS, POP, IMAP) expires in 14 days: renewal planned, ISA export pending";
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.messagesTo(mail, estate.email).size() == 1
                && !http.requestsContaining("/slack/ops", title).isEmpty()
                && !http.requestsContaining("/teams/ops", title).isEmpty()
                && !http.requestsContaining("/hooks/ops", certificateId).isEmpty());

        MimeMessage message = Mailbox.messagesTo(mail, estate.email).get(0);
        assertThat(message.getSubject()).isEqualTo(title);
        Multipart parts = (Multipart) message.getContent();
        List<String> types = new ArrayList<>();
        String html = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            collect(part, types);
            html = html != null ? html : htmlOf(part);
        }
        assertThat(types).anyMatch(t -> t.startsWith("text/plain")).anyMatch(t -> t.startsWith("text/html"));
        assertThat(html).contains(title).contains(cas).contains("IIS, POP, IMAP").contains(estate.site);

        JsonNode slack = JSON.readTree(http.requestsContaining("/slack/ops", title).get(0).body());
        assertThat(slack.path("blocks").get(0).path("type").asText()).isEqualTo("header");
        assertThat(slack.path("blocks").get(0).path("text").path("text").asText()).isEqualTo(title);

        JsonNode teams = JSON.readTree(http.requestsContaining("/teams/ops", title).get(0).body());
        JsonNode card = teams.path("attachments").get(0);
        assertThat(card.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.path("content").path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("content").path("body").get(0).path("text").asText()).isEqualTo(title);

        HttpReceiver.Request hook = http.requestsContaining("/hooks/ops", certificateId).get(0);
        String timestamp = hook.header(WebhookChannel.TIMESTAMP_HEADER);
        assertThat(hook.header(WebhookChannel.SIGNATURE_HEADER)).isEqualTo("sha256="
                + WebhookChannel.sign(NotifierSinks.WEBHOOK_SECRET, timestamp, hook.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(hook.header(WebhookChannel.SIGNATURE_HEADER)).isNotEqualTo("sha256="
                + WebhookChannel.sign("another secret", timestamp, hook.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(hook.header("Content-Type")).startsWith("application/cloudevents+json");
        assertThat(JSON.readTree(hook.body()).path("id").asText()).isEqualTo(expiring.id());

        List<Map<String, Object>> ledger = given().get("/deliveries?sourceEventId=" + expiring.id()).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(ledger).extracting(d -> d.get("channel") + ":" + d.get("status"))
                .containsExactlyInAnyOrder("EMAIL:SENT", "SLACK:SENT", "TEAMS:SENT", "WEBHOOK:SENT");
        assertThat(kafka.await(Topics.NOTIFIER_EVENTS, r -> r.value().contains(expiring.id())
                && r.value().contains("io.certlife.notification.sent.v1"), 4, Duration.ofSeconds(30))).hasSize(4);
    }

    @Test
    void aRedeliveredEventAndARepeatOfTheSameThresholdSendNothingMore() throws Exception {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String hub = estate.server("HUB01", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        String certificateId = UUID.randomUUID().toString();
        CloudEvent<CertificateExpiringV1> first = TestEstate.expiring(certificateId, "CN=hub01", 30, 30, new SlotRef(hub, ServiceKind.SMTP));
        kafka.sendEvent(first);
        kafka.sendEvent(first);
        kafka.sendEvent(TestEstate.expiring(certificateId, "CN=hub01", 30, 29, new SlotRef(hub, ServiceKind.SMTP)));
        String marker = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.expiring(marker, "CN=marker", 30, 30, new SlotRef(hub, ServiceKind.SMTP)));

        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.messagesTo(mail, estate.email).size() == 2);
        assertThat(Mailbox.messagesTo(mail, estate.email)).extracting(MimeMessage::getSubject)
                .containsExactlyInAnyOrder("hub01 on HUB01 (SMTP) expires in 30 days: no renewal yet",
                        "marker on HUB01 (SMTP) expires in 30 days: no renewal yet");
        List<Map<String, Object>> alerts = given().get("/alerts?certificateId=" + certificateId).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("occurrences", 2).containsEntry("state", "OPEN").containsEntry("severity", "WARNING");
            assertThat(a).containsEntry("owner", estate.team).containsEntry("site", estate.site);
        });
        assertThat(given().get("/deliveries?sourceEventId=" + first.id()).then().extract().jsonPath().getList("$")).hasSize(2);
    }

    @Test
    void garbageAndUnknownEventTypesGoToTheDeadLetterTopicWithTheirReason() {
        String key = "garbage-" + UUID.randomUUID();
        kafka.send(Topics.INVENTORY_EVENTS, key, "[1,2,3]");
        String unknown = "unknown-" + UUID.randomUUID();
        kafka.send(Topics.RENEWAL_EVENTS, unknown, """
                {"specversion":"1.0","id":"%s","source":"/x","type":"io.certlife.unheard.of.v1","time":"2026-11-22T00:00:00Z","data":{}}"""
                .formatted(unknown));
        assertThat(kafka.await(Topics.NOTIFIER_DEAD_LETTER, r -> key.equals(r.key()), 1, Duration.ofSeconds(30)))
                .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("[1,2,3]"));
        assertThat(kafka.await(Topics.NOTIFIER_DEAD_LETTER, r -> unknown.equals(r.key()), 1, Duration.ofSeconds(30)))
                .singleElement().satisfies(r -> assertThat(new String(r.headers().lastHeader("dead-letter-reason").value(),
                        StandardCharsets.UTF_8)).contains("io.certlife.unheard.of.v1"));
    }

    private static void collect(BodyPart part, List<String> types) throws Exception {
        if (part.getContent() instanceof Multipart inner) {
            for (int i = 0; i < inner.getCount(); i++) {
                collect(inner.getBodyPart(i), types);
            }
        } else {
            types.add(part.getContentType().toLowerCase());
        }
    }

    private static String htmlOf(BodyPart part) throws Exception {
        if (part.getContent() instanceof Multipart inner) {
            for (int i = 0; i < inner.getCount(); i++) {
                String html = htmlOf(inner.getBodyPart(i));
                if (html != null) {
                    return html;
                }
            }
            return null;
        }
        return part.getContentType().toLowerCase().startsWith("text/html") ? part.getContent().toString() : null;
    }
}
