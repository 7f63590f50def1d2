package io.certlife.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A local HTTP server standing for chat and webhook endpoints: every request is written to a file (method,
 * path, headers, then the body) and answered 200, so that Slack cards, Teams cards and signed webhooks are
 * visible without any account.
 */
final class WebhookSink implements AutoCloseable {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final HttpServer server;
    private final Path folder;
    private final AtomicInteger received = new AtomicInteger();

    WebhookSink(int port, Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook sink on port " + port, e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String headers = exchange.getRequestHeaders().entrySet().stream()
                    .map(h -> h.getKey() + ": " + String.join(", ", h.getValue())).sorted().collect(Collectors.joining("\n"));
            String name = STAMP.format(LocalDateTime.now()) + "-" + received.incrementAndGet()
                    + exchange.getRequestURI().getPath().replaceAll("[^A-Za-z0-9]+", "-") + ".txt";
            Files.writeString(folder.resolve(name), exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + headers + "\n\n" + body, StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    Path folder() {
        return folder;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
