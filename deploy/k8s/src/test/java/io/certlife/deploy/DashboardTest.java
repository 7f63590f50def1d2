package io.certlife.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard ships in both overlays and charts only metrics the services register. */
class DashboardTest {

    private static final Pattern CERTLIFE_METRIC = Pattern.compile("certlife_[a-z_]+");
    private static final Pattern METER_NAME = Pattern.compile("\"(certlife\\.[a-z.]+)\"");

    @Test
    void theDashboardIsAConfigMapForGrafanaAndItsCertlifeMetricsExist() throws IOException {
        for (String overlay : Rendered.OVERLAYS) {
            ConfigMap map = Rendered.configMap(Rendered.overlay(overlay), "certlife-grafana-dashboard");
            assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
            JsonNode dashboard = Kustomize.YAML.readTree(map.getData().get("certlife-dashboard.json"));
            Set<String> titles = new HashSet<>();
            Set<String> used = new HashSet<>();
            for (JsonNode panel : dashboard.get("panels")) {
                titles.add(panel.get("title").asText());
                for (JsonNode target : panel.get("targets")) {
                    Matcher m = CERTLIFE_METRIC.matcher(target.get("expr").asText());
                    while (m.find()) {
                        used.add(m.group());
                    }
                }
            }
            assertThat(String.join("|", titles)).contains("expiry", "findings", "Renewals by state", "deliveries",
                    "consumer lag");
            Set<String> registered = registeredMeters();
            assertThat(used).isNotEmpty().allSatisfy(metric -> assertThat(registered)
                    .as(metric + " is registered by a service").anyMatch(meter -> metric.equals(meter)
                            || metric.startsWith(meter + "_") && metric.substring(meter.length()).matches("_(total|seconds_(sum|count|max))")));
        }
    }

    /** Micrometer meter names in the services' sources, in Prometheus form ({@code a.b} is {@code a_b}). */
    private static Set<String> registeredMeters() throws IOException {
        Set<String> names = new HashSet<>();
        for (String module : new String[] {"inventory-service", "renewal-service", "notifier-service", "event-delivery"}) {
            try (Stream<Path> files = Files.walk(Kustomize.home().resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    if (!source.contains("io.micrometer")) {
                        continue;
                    }
                    Matcher m = METER_NAME.matcher(source);
                    while (m.find()) {
                        names.add(m.group(1).replace('.', '_'));
                    }
                }
            }
        }
        return names;
    }
}
