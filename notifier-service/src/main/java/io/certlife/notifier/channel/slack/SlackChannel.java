package io.certlife.notifier.channel.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certlife.events.Severity;
import io.certlife.notifier.Alert;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.channel.Channel;
import io.certlife.notifier.channel.DeliveryFailure;
import io.certlife.notifier.channel.JsonPost;
import io.certlife.notifier.channel.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A Slack incoming webhook: Block Kit JSON with a header, the summary, the facts as fields and the steps. */
@ApplicationScoped
public class SlackChannel implements Channel {

    /** Slack allows ten fields per section block. */
    private static final int MAX_FIELDS = 10;

    @Inject
    JsonPost http;

    @Inject
    ObjectMapper json;

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    @Override
    public void send(String recipient, Message message) throws DeliveryFailure {
        String url = http.endpoint(recipient, ChannelType.SLACK).url();
        http.post(recipient, url, "application/json", blocks(message).toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    ObjectNode blocks(Message message) {
        ObjectNode root = json.createObjectNode();
        root.put("text", message.title());
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", truncate(message.title(), 150));
        ObjectNode summary = blocks.addObject().put("type", "section");
        summary.putObject("text").put("type", "mrkdwn").put("text", severityIcon(message.severity()) + " " + message.summary());
        if (!message.facts().isEmpty()) {
            ObjectNode facts = blocks.addObject().put("type", "section");
            ArrayNode fields = facts.putArray("fields");
            message.facts().stream().limit(MAX_FIELDS).forEach(f ->
                    fields.addObject().put("type", "mrkdwn").put("text", "*" + f.name() + "*\n" + f.value()));
        }
        if (!message.steps().isEmpty()) {
            StringBuilder steps = new StringBuilder();
            for (int i = 0; i < message.steps().size(); i++) {
                steps.append(i + 1).append(". ").append(message.steps().get(i)).append('\n');
            }
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", truncate(steps.toString(), 3000));
        }
        return root;
    }

    private static String severityIcon(Alert.Severity severity) {
        return switch (severity) {
            case CRITICAL -> ":red_circle:";
            case WARNING -> ":large_orange_circle:";
            case INFO -> ":large_blue_circle:";
        };
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
