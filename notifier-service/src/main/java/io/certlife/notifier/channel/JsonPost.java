package io.certlife.notifier.channel;

import io.certlife.notifier.ChannelType;
import io.certlife.notifier.config.NotifierConfig;
import io.certlife.outbound.BoundedBody;
import io.certlife.outbound.OutboundGuard;
import io.certlife.outbound.OutboundRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Posts JSON to a named endpoint for the chat and webhook channels, and turns the answer into success or a
 * {@link DeliveryFailure}: 2xx is delivered, 429 and 5xx are retried (429 after its Retry-After), other 4xx
 * are permanent. The endpoint's address goes through the outbound guard first, and redirects are not followed. The
 * endpoint URL never appears in a failure message: chat webhook URLs are credentials.
 */
@ApplicationScoped
public class JsonPost {

    private static final int MAX_KEPT_BYTES = 4096;

    @Inject
    NotifierConfig config;

    @Inject
    OutboundGuard guard;

    private HttpClient client;

    HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(config.delivery().httpTimeout()).build();
        }
        return client;
    }

    /** The endpoint called {@code name}, which must be configured for {@code type}. */
    public NotifierConfig.Endpoint endpoint(String name, ChannelType type) throws DeliveryFailure {
        NotifierConfig.Endpoint endpoint = config.endpoints().get(name);
        if (endpoint == null || endpoint.type() != type) {
            throw DeliveryFailure.permanent(DeliveryFailure.Reason.UNKNOWN_ENDPOINT,
                    "no " + type + " endpoint named '" + name + "' is configured (certlife.notifier.endpoints." + name + ")");
        }
        return endpoint;
    }

    public void post(String endpointName, String url, String contentType, byte[] body, Map<String, String> headers)
            throws DeliveryFailure {
        URI uri = URI.create(url);
        try {
            guard.check(uri.getHost());
        } catch (UnknownHostException e) {
            throw DeliveryFailure.retry(DeliveryFailure.Reason.UNREACHABLE, "endpoint '" + endpointName + "' does not resolve");
        } catch (OutboundRefused e) {
            // the reason names the host and the rule, never the URL's path (a chat webhook URL is a credential)
            throw DeliveryFailure.permanent(DeliveryFailure.Reason.DESTINATION_REFUSED,
                    "endpoint '" + endpointName + "' refused by the outbound guard: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.delivery().httpTimeout())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        // the whole exchange, body included, is bounded by http-timeout, and at most 4 KiB of the answer is read: an
        // endpoint that dribbles or streams forever costs one timeout, never a stuck sender or the heap
        HttpResponse<BoundedBody.Read> response;
        try {
            response = client().send(request.build(),
                    BoundedBody.handler(MAX_KEPT_BYTES, Instant.now().plus(config.delivery().httpTimeout())));
        } catch (HttpTimeoutException e) {
            throw DeliveryFailure.retry(DeliveryFailure.Reason.UNREACHABLE, "endpoint '" + endpointName + "' timed out");
        } catch (IOException e) {
            throw DeliveryFailure.retry(DeliveryFailure.Reason.UNREACHABLE, "endpoint '" + endpointName + "' unreachable: "
                    + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryFailure.retry(DeliveryFailure.Reason.UNREACHABLE, "interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String answer = new String(response.body().bytes(), StandardCharsets.UTF_8);
        String text = "endpoint '" + endpointName + "' answered HTTP " + status + abbreviate(answer);
        if (status == 429) {
            throw new DeliveryFailure(DeliveryFailure.Reason.RATE_LIMITED, true,
                    retryAfter(response.headers().firstValue("Retry-After")).orElse(null), text);
        }
        if (status >= 500 || status == 408) {
            throw DeliveryFailure.retry(DeliveryFailure.Reason.HTTP_TRANSIENT, text);
        }
        throw DeliveryFailure.permanent(DeliveryFailure.Reason.HTTP_PERMANENT, text);
    }

    /** Retry-After in seconds (the HTTP-date form is rare for webhooks and falls back to our own backoff). */
    static Optional<Duration> retryAfter(Optional<String> header) {
        return header.map(String::trim).filter(v -> v.matches("\\d{1,7}")).map(v -> Duration.ofSeconds(Long.parseLong(v)));
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return ": " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine);
    }
}
