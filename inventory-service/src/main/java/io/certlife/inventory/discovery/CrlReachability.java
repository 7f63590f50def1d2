package io.certlife.inventory.discovery;

import io.certlife.inventory.config.DiscoveryConfig;
import io.certlife.outbound.OutboundGuard;
import io.certlife.outbound.OutboundRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Fetches HTTP CRL distribution points through the outbound guard (the address checked, redirects re-checked, time
 * and size bounded) to tell whether the servers that validate can reach them. LDAP points are judged by the planning
 * rules without a fetch. A URL the guard refuses is not reachable, with the guard's reason.
 */
@ApplicationScoped
public class CrlReachability {

    /** Whether a URL answered, and what it answered. */
    public record Check(boolean reachable, String detail) {
    }

    @Inject
    DiscoveryConfig config;

    @Inject
    OutboundGuard guard;

    /** Checks the HTTP URLs, {@code certlife.discovery.concurrency} at a time. */
    public Map<String, Check> check(Set<String> urls) {
        List<String> http = urls.stream().filter(url -> url.toLowerCase().startsWith("http")).toList();
        if (http.isEmpty()) {
            return Map.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.concurrency(), http.size()));
        try {
            Map<String, CompletableFuture<Check>> pending = http.stream().collect(Collectors.toMap(url -> url,
                    url -> CompletableFuture.supplyAsync(() -> fetch(url), pool)));
            return pending.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().join()));
        } finally {
            pool.shutdownNow();
        }
    }

    private Check fetch(String url) {
        try {
            OutboundGuard.Fetched fetched = guard.get(URI.create(url));
            return new Check(fetched.status() / 100 == 2, "HTTP " + fetched.status());
        } catch (IllegalArgumentException e) {
            return new Check(false, "not a valid URL: " + e.getMessage());
        } catch (OutboundRefused e) {
            return new Check(false, "refused by the outbound guard: " + e.getMessage());
        } catch (IOException e) {
            return new Check(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(false, "interrupted");
        }
    }
}
