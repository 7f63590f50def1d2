package io.certlife.inventory.discovery;

import io.certlife.inventory.config.DiscoveryConfig;
import io.certlife.outbound.OutboundGuard;
import io.certlife.outbound.OutboundRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Probes endpoints with at most {@code certlife.discovery.concurrency} at a time, each within the probe timeout, each
 * at the address the outbound guard checked (a refused one is a probe error naming the guard's reason).
 */
@ApplicationScoped
public class Prober {

    @Inject
    DiscoveryConfig config;

    @Inject
    OutboundGuard guard;

    public List<TlsProbe.Result> probeAll(List<Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.concurrency(), endpoints.size()));
        try {
            List<Future<TlsProbe.Result>> futures = new ArrayList<>(endpoints.size());
            for (Endpoint endpoint : endpoints) {
                futures.add(pool.submit(() -> probe(endpoint)));
            }
            List<TlsProbe.Result> results = new ArrayList<>(futures.size());
            for (Future<TlsProbe.Result> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("discovery interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("probe failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private TlsProbe.Result probe(Endpoint endpoint) {
        try {
            return TlsProbe.probe(endpoint, guard.check(endpoint.address()), config.timeout());
        } catch (OutboundRefused e) {
            return new TlsProbe.Result(endpoint, List.of(), "refused by the outbound guard: " + e.getMessage());
        } catch (UnknownHostException e) {
            return new TlsProbe.Result(endpoint, List.of(), endpoint.address() + " does not resolve");
        }
    }
}
