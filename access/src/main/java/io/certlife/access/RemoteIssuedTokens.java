package io.certlife.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Asks inventory-service ({@code certlife.access.token-store.url}) about a token made through the API, with this
 * service's own token. Without a URL no such token is accepted here. When inventory-service cannot answer, the token is
 * refused (401) and the reason logged: a token that cannot be checked is not trusted.
 */
@DefaultBean
@ApplicationScoped
public class RemoteIssuedTokens implements IssuedTokens {

    private static final Logger LOG = Logger.getLogger(RemoteIssuedTokens.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    AccessConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /** inventory-service's answer about a live token, reused until {@code until}. */
    private record Answer(IssuedToken token, Instant until) {
    }

    @Override
    public Optional<IssuedToken> find(String sha256) {
        Optional<String> url = config.tokenStore().url();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Answer cached = answers.get(sha256);
        if (cached != null && Instant.now().isBefore(cached.until())) {
            return Optional.of(cached.token());
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.get().replaceAll("/+$", "") + LOOKUP_PATH))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(new Lookup(sha256))));
            config.tokenStore().token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            switch (response.statusCode()) {
                case 200 -> {
                    IssuedToken token = json.readValue(response.body(), IssuedToken.class);
                    answers.put(sha256, new Answer(token, Instant.now().plus(config.tokenStore().cacheFor())));
                    return Optional.of(token);
                }
                case 404 -> {
                    answers.remove(sha256);
                    return Optional.empty();
                }
                default -> {
                    LOG.warnf("inventory-service answered a token lookup with HTTP %d: the token is refused",
                            response.statusCode());
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("inventory-service could not be asked about a token (%s): the token is refused", e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
