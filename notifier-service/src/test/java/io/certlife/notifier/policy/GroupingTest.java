package io.certlife.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.certlife.events.AlertsGroupedV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.EventType;
import io.certlife.notifier.Alert;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.channel.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupingTest {

    private static final Grouping.Policy POLICY = new Grouping.Policy(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(5));
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "the first alert of a group waits group-wait              | false | -                    | -                    | 2026-12-04T10:00:30Z",
        "a later alert joins the queued message                   | false | 2026-12-04T10:00:12Z | -                    | 2026-12-04T10:00:12Z",
        "one queued before the last message went still joins it   | false | 2026-12-04T10:00:12Z | 2026-12-04T09:59:00Z | 2026-12-04T10:00:12Z",
        "after a message: one follow-up group-interval later      | false | -                    | 2026-12-04T09:58:00Z | 2026-12-04T10:03:00Z",
        "a message being sent now: the follow-up waits it all     | false | -                    | 2026-12-04T10:00:00Z | 2026-12-04T10:05:00Z",
        "the last message long ago: a new group waits group-wait  | false | -                    | 2026-12-04T09:50:00Z | 2026-12-04T10:00:30Z",
        "critical, first of its group: critical-wait              | true  | -                    | -                    | 2026-12-04T10:00:05Z",
        "critical, a queued message due later: critical-wait      | true  | 2026-12-04T10:00:25Z | -                    | 2026-12-04T10:00:05Z",
        "critical, a queued message due sooner: joins it          | true  | 2026-12-04T10:00:02Z | -                    | 2026-12-04T10:00:02Z",
        "critical does not wait for the follow-up                 | true  | -                    | 2026-12-04T09:58:00Z | 2026-12-04T10:00:05Z",
    })
    void due(String name, boolean critical, Instant pending, Instant lastSent, Instant expected) {
        assertThat(Grouping.due(NOW, critical, POLICY, Optional.ofNullable(pending), Optional.ofNullable(lastSent))).isEqualTo(expected);
    }

    @Test
    void aGroupIsOneRouteOwnerChannelAndRecipient() {
        assertThat(Grouping.key("messaging", ChannelType.EMAIL, "ops@contoso.com"))
                .isNotEqualTo(Grouping.key("perimeter", ChannelType.EMAIL, "ops@contoso.com"))
                .isNotEqualTo(Grouping.key("messaging", ChannelType.SLACK, "ops@contoso.com"))
                .isNotEqualTo(Grouping.key("messaging", ChannelType.EMAIL, "pki@contoso.com"));
        assertThat(Grouping.key(null, ChannelType.WEBHOOK, "ops-webhook")).isEqualTo(Grouping.key(null, ChannelType.WEBHOOK, "ops-webhook"));
    }

    @Test
    void theSameLinesGiveTheSameMessageIdInAnyOrder() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThat(Grouping.messageId(List.of(a, b))).isEqualTo(Grouping.messageId(List.of(b, a)))
                .isNotEqualTo(Grouping.messageId(List.of(a)));
    }

    @Test
    void aGroupListsTheMostUrgentFirstWithCountsAndItsOwner() {
        List<Grouping.Member> members = List.of(member(Alert.Severity.WARNING, "a expires in 30 days"),
                member(Alert.Severity.CRITICAL, "b expired"), member(Alert.Severity.INFO, "c waits for a CA"),
                member(Alert.Severity.WARNING, "d expires in 20 days"));

        Message email = Grouping.combine(members, false, ChannelType.EMAIL, "ops@contoso.com", UUID.randomUUID(), NOW);

        assertThat(email.title()).isEqualTo("certlife: 4 alerts for messaging (1 critical)");
        assertThat(email.severity()).isEqualTo(Alert.Severity.CRITICAL);
        assertThat(email.steps()).containsExactly("b expired", "a expires in 30 days", "d expires in 20 days", "c waits for a CA");
        assertThat(email.facts()).extracting(Message.Fact::name, Message.Fact::value).containsExactly(
                tuple("CRITICAL", "1"), tuple("WARNING", "2"),
                tuple("INFO", "1"));
        assertThat(email.event()).isNull();
        assertThat(Grouping.combine(members, true, ChannelType.EMAIL, "ops@contoso.com", UUID.randomUUID(), NOW).title())
                .isEqualTo("certlife digest: 4 alerts");
    }

    @Test
    void chatListsTheFirstTitlesAndCountsTheRestWhileEmailListsAll() {
        List<Grouping.Member> members = new ArrayList<>();
        IntStream.range(0, 40).forEach(i -> members.add(member(Alert.Severity.WARNING, "cert-" + i)));

        Message slack = Grouping.combine(members, false, ChannelType.SLACK, "ops-slack", UUID.randomUUID(), NOW);
        Message email = Grouping.combine(members, false, ChannelType.EMAIL, "ops@contoso.com", UUID.randomUUID(), NOW);

        assertThat(slack.steps()).hasSize(Grouping.CHAT_TITLES + 1).endsWith("... and 15 more (the console's Attention page lists them)");
        assertThat(email.steps()).hasSize(40);
    }

    @Test
    void aWebhookGetsAnAlertsGroupedCloudEventListingEveryAlertUnderTheMessageId() {
        Grouping.Member expiring = member(Alert.Severity.WARNING, "a expires in 30 days");
        Grouping.Member expired = member(Alert.Severity.CRITICAL, "b expired");
        UUID messageId = UUID.randomUUID();

        Message webhook = Grouping.combine(List.of(expiring, expired), false, ChannelType.WEBHOOK, "ops-webhook", messageId, NOW);

        CloudEvent<?> event = EventCodec.decode(webhook.event());
        assertThat(event.id()).isEqualTo(messageId.toString());
        assertThat(event.eventType()).isEqualTo(EventType.ALERTS_GROUPED);
        assertThat(event.subject()).isEqualTo("messaging");
        AlertsGroupedV1 data = (AlertsGroupedV1) event.data();
        assertThat(data.count()).isEqualTo(2);
        assertThat(data.recipient()).isEqualTo("ops-webhook");
        assertThat(data.alerts()).extracting(AlertsGroupedV1.GroupedAlert::alertId)
                .containsExactly(expired.alert().id.toString(), expiring.alert().id.toString());
        assertThat(data.alerts().get(0)).satisfies(a -> {
            assertThat(a.severity()).isEqualTo("CRITICAL");
            assertThat(a.kind()).isEqualTo("CERTIFICATE_EXPIRING");
            assertThat(a.certificateId()).isEqualTo(expired.alert().certificateId);
            assertThat(a.server()).isEqualTo("hub01.contoso.com");
            assertThat(a.sourceEventId()).isEqualTo(expired.sourceEventId());
        });
    }

    private static Grouping.Member member(Alert.Severity severity, String title) {
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.kind = AlertKind.CERTIFICATE_EXPIRING;
        alert.severity = severity;
        alert.certificateId = UUID.randomUUID().toString();
        alert.server = "hub01.contoso.com";
        alert.site = "ams";
        alert.owner = "messaging";
        alert.title = title;
        return new Grouping.Member(new Message(severity, title, "summary of " + title, List.of(), List.of(), null), alert,
                UUID.randomUUID().toString());
    }
}
