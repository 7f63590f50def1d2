package io.certlife.notifier.channel;

import io.certlife.events.Severity;
import io.certlife.notifier.Alert;
import java.util.List;

/**
 * What a channel renders: a title a person understands at a glance, a summary, facts as label/value pairs,
 * optional numbered steps, and the source CloudEvent's JSON (what a generic webhook receives).
 */
public record Message(Alert.Severity severity, String title, String summary, List<Fact> facts, List<String> steps, String event) {

    /** One label/value line of a message. */
    public record Fact(String name, String value) {
    }

    public Message {
        facts = facts == null ? List.of() : List.copyOf(facts);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
