package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The three services' REST APIs, called with the signed-in user's own token, so that each service authorizes and audits
 * the user's every call as if they had made it themselves. The URLs are the deployment's own (configuration), not
 * addresses a user or an estate supplies, so these calls do not go through the outbound guard, like the services' calls
 * to each other.
 */
@ApplicationScoped
public class Services {

    /** A service the console calls. */
    public enum Service {
        INVENTORY("inventory-service"), RENEWAL("renewal-service"), NOTIFIER("notifier-service");

        private final String label;

        Service(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A call that did not give the page its data: the service did not answer, or refused the user. */
    public static class CallFailed extends Exception {
        private final int status;

        CallFailed(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The service's HTTP status, or 0 when it did not answer. */
        public int status() {
            return status;
        }
    }

    @Inject
    ConsoleConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** GET {@code path} (with its query) from {@code service} as the holder of {@code token}; the answer as JSON. */
    public JsonNode get(Service service, String path, String token) throws CallFailed {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base(service) + path))
                .timeout(config.callTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CallFailed(0, service.label() + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed(0, "interrupted while calling " + service.label());
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new CallFailed(response.statusCode(), service.label() + " answered HTTP " + response.statusCode()
                    + " without JSON");
        }
        if (response.statusCode() != 200) {
            // a problem body's detail names what was wrong; never the token
            throw new CallFailed(response.statusCode(), service.label() + " answered HTTP " + response.statusCode()
                    + (body.hasNonNull("detail") ? ": " + body.get("detail").asText() : ""));
        }
        return body;
    }

    private String base(Service service) {
        return switch (service) {
            case INVENTORY -> config.inventoryUrl();
            case RENEWAL -> config.renewalUrl();
            case NOTIFIER -> config.notifierUrl();
        };
    }
}
