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
import java.time.Instant;

/** renewal-service's PFX export API, as the ISA-export task uses it. */
@ApplicationScoped
public class RenewalExports {

    /**
     * A task's export: its id (a key custodian reveals the password by it) and the one-time download token, held in
     * memory only, never stored or logged. The notifier never sees the password.
     */
    public record Ticket(String exportId, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Ticket[expires " + expiresAt + "]";
        }
    }

    /** The export could not be made; {@code retryable} for 5xx and unreachable, not for a refusal. */
    public static class ExportRefused extends Exception {
        private final boolean retryable;

        ExportRefused(boolean retryable, String message) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    @Inject
    NotifierConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public Ticket create(String certificateId, String profile, String taskId) throws ExportRefused {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.tasks().renewalUrl() + "/certificates/"
                        + certificateId + "/exports"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"profile\":\"" + profile + "\",\"taskId\":\"" + taskId + "\"}"));
        config.tasks().renewalToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ExportRefused(true, "renewal-service unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportRefused(true, "interrupted");
        }
        try {
            JsonNode body = json.readTree(response.body());
            if (response.statusCode() == 201) {
                return new Ticket(body.path("exportId").asText(), body.path("token").asText(),
                        Instant.parse(body.path("expiresAt").asText()));
            }
            String detail = body.path("detail").asText("HTTP " + response.statusCode());
            throw new ExportRefused(response.statusCode() >= 500, "renewal-service refused the export: " + detail);
        } catch (IOException | RuntimeException e) {
            throw new ExportRefused(response.statusCode() >= 500, "renewal-service answered HTTP " + response.statusCode());
        }
    }

    /** Where the assignee downloads a PFX: renewal-service as operators reach it. */
    public String downloadUrl(String token) {
        return config.tasks().renewalPublicUrl().orElse(config.tasks().renewalUrl()) + "/exports/" + token;
    }
}
