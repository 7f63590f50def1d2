package io.certlife.inventory.discovery;

import io.certlife.inventory.config.DiscoveryConfig;
import io.certlife.outbound.OutboundGuard;
import io.certlife.outbound.OutboundRefused;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes endpoints with at most {@code certlife.discovery.concurrency} at a time across all runs, each within the probe
 * timeout, each
 * at the address the outbound guard checked (a refused one is a probe error naming the guard's reason).
 */
@ApplicationScoped
public class Prober {

    @Inject
    DiscoveryConfig config;

    @Inject
    OutboundGuard guard;

    /** One pool for every run: concurrent runs share {@code certlife.discovery.concurrency} probes at a time. */
    private ExecutorService pool;

    @PostConstruct
    void start() {
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.concurrency(), task -> {
            Thread thread = new Thread(task, "discovery-probe-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    public List<TlsProbe.Result> probeAll(List<Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            return List.of();
        }
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
        }
    }

    private TlsProbe.Result probe(Endpoint endpoint) {
        try {
            return TlsProbe.probe(endpoint, guard.check(endpoint.address()), config.timeout());
        } catch (OutboundRefused e) {
            return TlsProbe.Result.failed(endpoint, TlsProbe.Reason.OUTBOUND_REFUSED, "refused by the outbound guard: "
                    + e.getMessage());
        } catch (UnknownHostException e) {
            return TlsProbe.Result.failed(endpoint, TlsProbe.Reason.UNRESOLVABLE, endpoint.address() + " does not resolve");
        }
    }
}
