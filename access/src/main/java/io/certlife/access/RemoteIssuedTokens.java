package io.certlife.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    public Uni<Optional<IssuedToken>> find(String sha256) {
        Optional<String> url = config.tokenStore().url();
        if (url.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Answer cached = answers.get(sha256);
        if (cached != null && Instant.now().isBefore(cached.until())) {
            return Uni.createFrom().item(Optional.of(cached.token()));
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url.get().replaceAll("/+$", "") + LOOKUP_PATH))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(new Lookup(sha256))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.tokenStore().token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .map(response -> switch (response.statusCode()) {
                    case 200 -> Optional.of(read(response.body()));
                    case 404 -> Optional.<IssuedToken>empty();
                    default -> {
                        LOG.warnf("inventory-service answered a token lookup with HTTP %d: the token is refused",
                                response.statusCode());
                        yield Optional.<IssuedToken>empty();
                    }
                })
                .invoke(found -> found.ifPresentOrElse(
                        token -> answers.put(sha256, new Answer(token, Instant.now().plus(config.tokenStore().cacheFor()))),
                        () -> answers.remove(sha256)))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("inventory-service could not be asked about a token (%s): the token is refused", e.toString());
                    return Optional.empty();
                });
    }

    private IssuedToken read(String body) {
        try {
            return json.readValue(body, IssuedToken.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
