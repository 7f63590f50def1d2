package io.certlife.inventory.discovery;

import io.certlife.inventory.config.DiscoveryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Fetches HTTP CRL distribution points with a bounded request (timeout, a few bytes read) to tell whether
 * the servers that validate can reach them. LDAP points are judged by the planning rules without a fetch.
 */
@ApplicationScoped
public class CrlReachability {

    /** Whether a URL answered, and what it answered. */
    public record Check(boolean reachable, String detail) {
    }

    @Inject
    DiscoveryConfig config;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Checks the HTTP URLs concurrently; every URL gets an answer within the discovery timeout. */
    public Map<String, Check> check(Set<String> urls) {
        Map<String, CompletableFuture<Check>> pending = urls.stream()
                .filter(url -> url.toLowerCase().startsWith("http"))
                .collect(Collectors.toMap(url -> url, this::fetch));
        return pending.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().join()));
    }

    private CompletableFuture<Check> fetch(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout()).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Check(false, "not a valid URL: " + e.getMessage()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    try (InputStream body = response.body()) {
                        body.readNBytes(16);
                    } catch (IOException e) {
                        return new Check(false, "HTTP " + response.statusCode() + ", body unreadable: " + e.getMessage());
                    }
                    int status = response.statusCode();
                    return new Check(status >= 200 && status < 300, "HTTP " + status);
                })
                .completeOnTimeout(new Check(false, "no answer within " + config.timeout()), config.timeout().toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(e -> new Check(false, (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName()
                        + ": " + (e.getCause() == null ? e : e.getCause()).getMessage()));
    }
}
