package io.certlife.notifier.channel.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.channel.Channel;
import io.certlife.notifier.channel.DeliveryFailure;
import io.certlife.notifier.channel.JsonPost;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook: the CloudEvent JSON as the body ({@code application/cloudevents+json}), signed with
 * HMAC-SHA256 under the endpoint's secret over {@code timestamp + "." + body}. The receiver recomputes the
 * signature and rejects old timestamps, which defeats replays.
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    /** Unix seconds at signing. */
    public static final String TIMESTAMP_HEADER = "X-Certlife-Timestamp";
    /** {@code sha256=} and the lowercase hex HMAC. */
    public static final String SIGNATURE_HEADER = "X-Certlife-Signature";

    @Inject
    JsonPost http;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public void send(String recipient, Message message) throws DeliveryFailure {
        NotifierConfig.Endpoint endpoint = http.endpoint(recipient, ChannelType.WEBHOOK);
        String secret = endpoint.secret().orElseThrow(() -> DeliveryFailure.permanent(DeliveryFailure.Reason.UNKNOWN_ENDPOINT,
                "webhook endpoint '" + recipient + "' has no secret (certlife.notifier.endpoints." + recipient + ".secret)"));
        byte[] body = body(message);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        http.post(recipient, endpoint.url(), "application/cloudevents+json", body,
                Map.of(TIMESTAMP_HEADER, timestamp, SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body)));
    }

    /** The source CloudEvent; a message no single event caused (an overdue task) goes as the message's own JSON. */
    private byte[] body(Message message) {
        if (message.event() != null) {
            return message.event().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message is plain data", e);
        }
    }

    /** HMAC-SHA256 over {@code timestamp.body}, lowercase hex. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
