package io.certlife.renewal.service;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * inventory-service's "renew now" endpoint as renewal-service calls it: 202 for any certificate id starting
 * with "known-", 404 otherwise; the paths it received are kept in {@link #REQUESTS}.
 */
public class InventoryStub implements QuarkusTestResourceLifecycleManager {

    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/certificates/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            REQUESTS.add(exchange.getRequestMethod() + " " + path);
            exchange.sendResponseHeaders(path.startsWith("/certificates/known-") && path.endsWith("/renewal") ? 202 : 404, -1);
            exchange.close();
        });
        server.start();
        return Map.of("certlife.renewal.inventory-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
