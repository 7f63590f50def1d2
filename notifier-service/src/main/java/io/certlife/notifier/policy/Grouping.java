package io.certlife.notifier.policy;

import io.certlife.events.AlertsGroupedV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.EventType;
import io.certlife.notifier.Alert;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.channel.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Alert grouping as Alertmanager does it, as pure rules: when an alert joins its group's next message, and what one
 * message standing for several alerts (a group or a digest) says.
 */
public final class Grouping {

    /** Chat messages list this many titles and count the rest; email and webhooks carry them all. */
    static final int CHAT_TITLES = 25;

    /** The timing of groups: {@code groupWait} zero turns grouping off. */
    public record Policy(Duration groupWait, Duration groupInterval, Duration criticalWait) {
        public boolean enabled() {
            return !groupWait.isZero();
        }
    }

    /** One alert of a combined message: what its own message said and the alert it is about. */
    public record Member(Message message, Alert alert, String sourceEventId) {
    }

    private Grouping() {
    }

    /** The group of a message: the alert's owning team, the channel and the recipient. */
    public static String key(String owner, ChannelType channel, String recipient) {
        return (owner == null ? "" : owner) + "|" + channel.name() + "|" + recipient;
    }

    /**
     * When an alert's message goes. It joins the group's queued message ({@code pending}) when there is one; else it is a
     * follow-up {@code groupInterval} after the group's last message ({@code lastSent}) when that is recent; else it
     * opens the group and waits {@code groupWait}. A critical alert waits at most {@code criticalWait} in every case.
     */
    public static Instant due(Instant now, boolean critical, Policy policy, Optional<Instant> pending, Optional<Instant> lastSent) {
        Instant due;
        if (pending.isPresent()) {
            due = pending.get();
        } else if (lastSent.isPresent() && lastSent.get().plus(policy.groupInterval()).isAfter(now)) {
            due = lastSent.get().plus(policy.groupInterval());
        } else {
            due = now.plus(policy.groupWait());
        }
        Instant bound = now.plus(policy.criticalWait());
        return critical && bound.isBefore(due) ? bound : due;
    }

    /** The id of the message that carries these ledger lines: the same lines give the same id, so a resend repeats it. */
    public static UUID messageId(List<UUID> lines) {
        return UUID.nameUUIDFromBytes(lines.stream().map(UUID::toString).sorted().collect(Collectors.joining(","))
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One message for several alerts of one recipient, most severe first: a count per severity, their titles (a chat
     * channel lists the first {@value #CHAT_TITLES} and counts the rest), and for a webhook an {@code AlertsGrouped}
     * CloudEvent listing every alert.
     *
     * @param digest whether the alerts were held for the owner's digest (else they became due together)
     */
    public static Message combine(List<Member> members, boolean digest, ChannelType channel, String recipient, UUID messageId,
                                  Instant now) {
        List<Member> sorted = members.stream()
                .sorted(Comparator.comparing((Member m) -> m.message().severity()).reversed()).toList();
        Alert.Severity top = sorted.get(0).message().severity();
        String owner = sorted.stream().map(m -> m.alert() == null ? null : m.alert().owner)
                .filter(o -> o != null).findFirst().orElse(null);
        Map<Alert.Severity, Long> bySeverity = new TreeMap<>(Comparator.reverseOrder());
        bySeverity.putAll(sorted.stream().collect(Collectors.groupingBy(m -> m.message().severity(), Collectors.counting())));
        long critical = bySeverity.getOrDefault(Alert.Severity.CRITICAL, 0L);
        String title = digest
                ? "certlife digest: " + sorted.size() + " alerts"
                : "certlife: " + sorted.size() + " alerts" + (owner == null ? "" : " for " + owner)
                        + (critical > 0 ? " (" + critical + " critical)" : "");
        String summary = digest ? "What happened since the last digest, most urgent first."
                : "These became due together, most urgent first; acknowledge or snooze each on its own.";
        List<Message.Fact> facts = bySeverity.entrySet().stream()
                .map(e -> new Message.Fact(e.getKey().name(), Long.toString(e.getValue()))).toList();
        List<String> titles = new ArrayList<>(sorted.stream().map(m -> m.message().title()).toList());
        if ((channel == ChannelType.SLACK || channel == ChannelType.TEAMS) && titles.size() > CHAT_TITLES) {
            int more = titles.size() - CHAT_TITLES;
            titles = new ArrayList<>(titles.subList(0, CHAT_TITLES));
            titles.add("... and " + more + " more (the console's Attention page lists them)");
        }
        String event = channel == ChannelType.WEBHOOK ? EventCodec.encode(grouped(sorted, owner, recipient, messageId, now)) : null;
        return new Message(top, title, summary, facts, titles, event);
    }

    private static CloudEvent<AlertsGroupedV1> grouped(List<Member> members, String owner, String recipient, UUID messageId,
                                                       Instant now) {
        List<AlertsGroupedV1.GroupedAlert> alerts = members.stream().map(m -> {
            Alert a = m.alert();
            return new AlertsGroupedV1.GroupedAlert(a.id.toString(), a.kind.name(), m.message().severity().name(), a.certificateId,
                    a.server, a.site, m.message().title(), m.message().summary(), m.sourceEventId());
        }).toList();
        return new CloudEvent<>(CloudEvent.SPEC_VERSION, messageId.toString(), "/certlife/notifier",
                EventType.ALERTS_GROUPED.type(), owner, now, CloudEvent.JSON,
                new AlertsGroupedV1(owner, recipient, alerts.size(), alerts));
    }
}
