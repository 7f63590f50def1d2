package io.certlife.renewal.client;

import io.certlife.renewal.Refusal;
import io.certlife.renewal.config.RenewalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** inventory-service's "renew now": makes a certificate due, so that its RenewalDue brings the plan here. */
@ApplicationScoped
public class InventoryClient {

    @Inject
    RenewalConfig config;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public void requestRenewal(String certificateId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.inventoryUrl() + "/certificates/" + certificateId
                + "/renewal")).timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.noBody());
        config.inventoryToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw Refusal.unavailable("inventory-service is unreachable (" + e.getClass().getSimpleName() + "); try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable("interrupted");
        }
        switch (response.statusCode()) {
            case 202 -> { }
            case 404 -> throw Refusal.notFound("inventory-service knows no certificate " + certificateId);
            case 409 -> throw Refusal.conflict("certificate " + certificateId + " has been replaced already: renew its replacement");
            default -> throw Refusal.upstreamFailed("inventory-service answered HTTP " + response.statusCode());
        }
    }
}
