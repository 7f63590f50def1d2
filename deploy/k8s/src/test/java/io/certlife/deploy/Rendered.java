package io.certlife.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The overlays, rendered once per test run; tests that need kubectl say so and are skipped without it. */
final class Rendered {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final List<String> SERVICES = List.of("inventory-service", "renewal-service", "notifier-service");
    /** Every Deployment: the services and the web console (which has no broker or database of its own). */
    static final List<String> DEPLOYMENTS = List.of("inventory-service", "renewal-service", "notifier-service", "console");

    private static final Map<String, List<JsonNode>> CACHE = new ConcurrentHashMap<>();
    /** Looked for once per run. */
    private static final boolean KUBECTL = Kustomize.available();

    static List<JsonNode> overlay(String name) {
        if (!KUBECTL) {
            System.out.println("kubectl was not found on this machine: the overlay " + name
                    + " was NOT rendered and its checks did not run");
            Assumptions.abort("kubectl not found");
        }
        return CACHE.computeIfAbsent(name, n -> {
            try {
                return Kustomize.render(Kustomize.overlay(n));
            } catch (Exception e) {
                throw new AssertionError("rendering overlay " + n + " failed", e);
            }
        });
    }

    static Stream<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    static <T> T as(JsonNode object, Class<T> type) {
        try {
            return Kustomize.YAML.treeToValue(object, type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<Deployment> deployments(List<JsonNode> objects) {
        return ofKind(objects, "Deployment").map(o -> as(o, Deployment.class)).toList();
    }

    static ConfigMap configMap(List<JsonNode> objects, String name) {
        return ofKind(objects, "ConfigMap").filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .map(o -> as(o, ConfigMap.class)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    private Rendered() {
    }
}
