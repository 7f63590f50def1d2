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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.eclipse.microprofile.context.ManagedExecutor;

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

    @Inject
    ManagedExecutor executor;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The rows of a list a service answered, or why it could not be read: a page shows what it has and names the rest. */
    public record Listed<T>(List<T> rows, String unavailable) {

        /** The rows; when there are none because the service did not answer, "{@code what}: why" joins {@code problems}. */
        public List<T> rowsNoting(String what, List<String> problems) {
            if (unavailable != null) {
                problems.add(what + ": " + unavailable);
            }
            return rows;
        }
    }

    /** GET a list from {@code service} as the holder of {@code token}, each element made a row; never throws. */
    public <T> Listed<T> list(Service service, String path, String token, Function<JsonNode, T> row) {
        try {
            List<T> rows = new ArrayList<>();
            get(service, path, token).forEach(node -> rows.add(row.apply(node)));
            return new Listed<>(rows, null);
        } catch (CallFailed e) {
            return new Listed<>(List.of(), e.getMessage());
        }
    }

    /** What a service answered for a download: the bytes and their media type. */
    public record Download(byte[] body, String contentType) {
    }

    /** A call to a service (or a few in a row) that may fail naming why. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws CallFailed;
    }

    /** A call under way: {@link #get()} waits for its answer. */
    public static final class Started<T> {
        private final CompletableFuture<T> answer;

        private Started(CompletableFuture<T> answer) {
            this.answer = answer;
        }

        /** The answer of a call that does not fail: a {@link Listed} names what it could not read instead. */
        public T listed() {
            return answer.join();
        }

        public T get() throws CallFailed {
            try {
                return answer.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof CallFailed failed) {
                    throw failed;
                }
                throw e;
            }
        }
    }

    /** Starts {@code call} now, beside the page's other calls: a page's parts do not wait for one another. */
    public <T> Started<T> start(Call<T> call) {
        return new Started<>(CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (CallFailed e) {
                throw new CompletionException(e);
            }
        }, executor));
    }

    /** A page of a list as inventory-service gives it at most. */
    private static final int PAGE = 1000;
    /** How many pages one list may take (200,000 rows): a bound, not a size the estate is expected to reach. */
    private static final int MAX_PAGES = 200;

    /** Every row of a paged list ({@code page} from 0, {@code size} a page), {@code path} with or without a query. */
    public List<JsonNode> all(Service service, String path, String token) throws CallFailed {
        List<JsonNode> rows = new ArrayList<>();
        String paged = path + (path.contains("?") ? "&" : "?") + "size=" + PAGE + "&page=";
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode batch = get(service, paged + page, token);
            batch.forEach(rows::add);
            if (batch.size() < PAGE) {
                break;
            }
        }
        return rows;
    }

    /** GET {@code path} (with its query) from {@code service} as the holder of {@code token}; the answer as JSON. */
    public JsonNode get(Service service, String path, String token) throws CallFailed {
        return json(service, call(service, request(service, path, token).header("Accept", "application/json").GET()));
    }

    /** A request's body: its media type and text (JSON, a PEM). */
    public record Body(String contentType, String text) {

        /** {@code node} as a JSON body; null (no body) for null. */
        static Body json(JsonNode node) {
            return node == null ? null : new Body("application/json", node.toString());
        }
    }

    /** POST a body (or none) to {@code service} as the holder of {@code token}; its answer as JSON (empty if none). */
    public JsonNode post(Service service, String path, String token, Body body) throws CallFailed {
        HttpRequest.Builder request = request(service, path, token).header("Accept", "application/json");
        request = body == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", body.contentType()).POST(HttpRequest.BodyPublishers.ofString(body.text()));
        return json(service, call(service, request));
    }

    /** GET a file (a CSR, a certificate) in the media type {@code accept}. */
    public Download download(Service service, String path, String token, String accept) throws CallFailed {
        HttpResponse<byte[]> response = call(service, request(service, path, token).header("Accept", accept).GET());
        if (response.statusCode() != 200) {
            json(service, response); // throws, naming the problem
        }
        return new Download(response.body(), response.headers().firstValue("Content-Type").orElse(accept));
    }

    private HttpRequest.Builder request(Service service, String path, String token) {
        return HttpRequest.newBuilder(URI.create(base(service) + path)).timeout(config.callTimeout())
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<byte[]> call(Service service, HttpRequest.Builder request) throws CallFailed {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CallFailed(0, service.label() + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed(0, "interrupted while calling " + service.label());
        }
    }

    /** The answer as JSON, or the failure naming what the service said was wrong (its problem's detail; never the token). */
    private JsonNode json(Service service, HttpResponse<byte[]> response) throws CallFailed {
        int status = response.statusCode();
        if (status / 100 == 2 && response.body().length == 0) {
            return json.createObjectNode();
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new CallFailed(status, service.label() + " answered HTTP " + status + " without JSON");
        }
        if (status / 100 != 2) {
            throw new CallFailed(status, service.label() + " answered HTTP " + status
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
