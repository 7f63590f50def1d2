package io.certlife.notifier.channel.teams;

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

/** A Microsoft Teams workflow webhook ("When a Teams webhook request is received"): a message with one Adaptive Card. */
@ApplicationScoped
public class TeamsChannel implements Channel {

    @Inject
    JsonPost http;

    @Inject
    ObjectMapper json;

    @Override
    public ChannelType type() {
        return ChannelType.TEAMS;
    }

    @Override
    public void send(String recipient, Message message) throws DeliveryFailure {
        String url = http.endpoint(recipient, ChannelType.TEAMS).url();
        http.post(recipient, url, "application/json", card(message).toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    ObjectNode card(Message message) {
        ObjectNode root = json.createObjectNode().put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", message.title()).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true).put("color", color(message.severity()));
        body.addObject().put("type", "TextBlock").put("text", message.summary()).put("wrap", true);
        if (!message.facts().isEmpty()) {
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            message.facts().forEach(f -> facts.addObject().put("title", f.name()).put("value", f.value()));
        }
        for (int i = 0; i < message.steps().size(); i++) {
            body.addObject().put("type", "TextBlock").put("text", (i + 1) + ". " + message.steps().get(i)).put("wrap", true);
        }
        return root;
    }

    private static String color(Alert.Severity severity) {
        return switch (severity) {
            case CRITICAL -> "Attention";
            case WARNING -> "Warning";
            case INFO -> "Default";
        };
    }
}
