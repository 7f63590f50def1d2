package io.certlife.notifier.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certlife.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** inventory-service's discovery API, as a task marked done uses it: probe the slots of one certificate now. */
@ApplicationScoped
public class InventoryDiscovery {

    /** What one slot's endpoint served: its thumbprint, or why it could not be read. */
    public record Seen(String server, String service, String endpoint, String thumbprintSha1, String subject, String error) {
    }

    /** The probe could not be made (inventory unreachable or refusing); the scheduled discovery still verifies later. */
    public static class ProbeFailed extends Exception {
        ProbeFailed(String message) {
            super(message);
        }
    }

    @Inject
    NotifierConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Probes every slot {@code certificateId} serves or is pending on; inventory verifies what it sees. */
    public List<Seen> probe(String certificateId) throws ProbeFailed {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.tasks().inventoryUrl() + "/discovery"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode().put("certificate", certificateId).toString()));
        config.tasks().inventoryToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProbeFailed("inventory-service unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailed("interrupted");
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new ProbeFailed("inventory-service answered HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw new ProbeFailed("inventory-service refused the probe: " + body.path("detail").asText("HTTP " + response.statusCode()));
        }
        List<Seen> seen = new ArrayList<>();
        for (JsonNode endpoint : body.path("endpoints")) {
            seen.add(new Seen(endpoint.path("server").asText(null), endpoint.path("service").asText(null),
                    endpoint.path("endpoint").asText(null), endpoint.path("thumbprintSha1").asText(null),
                    endpoint.path("subject").asText(null), endpoint.path("error").asText(null)));
        }
        return seen;
    }
}
