package io.certlife.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A local HTTP server standing for chat and webhook endpoints: every request is written to a file (method,
 * path, headers, then the body) and answered 200, so that Slack cards, Teams cards and signed webhooks are
 * visible without any account. For the fault suite it can also misbehave as real receivers do ({@link #misbehave}):
 * a request it refuses or stalls on is not written, as a receiver that did not take it.
 */
final class WebhookSink implements AutoCloseable {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final HttpServer server;
    private final Path folder;
    private final AtomicInteger received = new AtomicInteger();
    private final Deque<Refusal> refusals = new ConcurrentLinkedDeque<>();
    private volatile Instant stallUntil = Instant.EPOCH;
    private final AtomicInteger refused = new AtomicInteger();

    /** How the sink refuses one request: an HTTP status and, for a 429, its Retry-After in seconds. */
    record Refusal(int status, int retryAfterSeconds) {
    }

    WebhookSink(String host, int port, Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook sink on port " + port, e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Duration stall = Duration.between(Instant.now(), stallUntil);
            Refusal refusal = stall.isNegative() ? refusals.poll() : new Refusal(503, 0);
            if (refusal != null) {
                refused.incrementAndGet();
                sleep(stall);
                if (refusal.retryAfterSeconds() > 0) {
                    exchange.getResponseHeaders().add("Retry-After", Integer.toString(refusal.retryAfterSeconds()));
                }
                exchange.sendResponseHeaders(refusal.status(), -1);
                exchange.close();
                return;
            }
            String headers = exchange.getRequestHeaders().entrySet().stream()
                    .map(h -> h.getKey() + ": " + String.join(", ", h.getValue())).sorted().collect(Collectors.joining("\n"));
            String name = STAMP.format(LocalDateTime.now()) + "-" + received.incrementAndGet()
                    + exchange.getRequestURI().getPath().replaceAll("[^A-Za-z0-9]+", "-") + ".txt";
            Files.writeString(folder.resolve(name), exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + headers + "\n\n" + body, StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        // a stalled request must not hold up the others
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "webhook-sink");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /**
     * From now on: requests arriving within {@code stall} hang until it ends and are then answered 503; after that, the
     * next requests get {@code refusals} in order; then 200 again.
     */
    void misbehave(Duration stall, List<Refusal> refusals) {
        this.refusals.addAll(refusals);
        stallUntil = Instant.now().plus(stall);
    }

    /** How many requests it refused or stalled on. */
    int refused() {
        return refused.get();
    }

    private static void sleep(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url(String path) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + path;
    }

    Path folder() {
        return folder;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
