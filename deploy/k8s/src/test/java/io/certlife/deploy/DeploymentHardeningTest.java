package io.certlife.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every Deployment is locked down, and the checks themselves catch what they are meant to catch. */
class DeploymentHardeningTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentHasTheSecurityContextProbesAndLimits(String overlay) {
        List<Deployment> deployments = Rendered.deployments(Rendered.overlay(overlay));
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(Rendered.DEPLOYMENTS);
        assertThat(deployments.stream().flatMap(d -> Hardening.problems(d).stream())).isEmpty();
    }

    @Test
    void theHardeningCheckNamesWhatAWeakenedDeploymentLacks() {
        JsonNode original = Rendered.ofKind(Rendered.overlay("prod"), "Deployment").findFirst().orElseThrow();
        ObjectNode weakened = original.deepCopy();
        ObjectNode container = (ObjectNode) weakened.at("/spec/template/spec/containers/0");
        ((ObjectNode) container.get("securityContext")).put("readOnlyRootFilesystem", false).remove("capabilities");
        container.remove("startupProbe");
        ((ObjectNode) container.get("resources")).remove("limits");
        ((ObjectNode) weakened.at("/spec/template/spec")).remove("securityContext");
        ((ObjectNode) weakened.at("/spec/template/spec")).put("automountServiceAccountToken", true);

        List<String> problems = Hardening.problems(Rendered.as(weakened, Deployment.class));
        assertThat(problems).anyMatch(p -> p.endsWith("readOnlyRootFilesystem must be true"))
                .anyMatch(p -> p.endsWith("capabilities must drop ALL and add none"))
                .anyMatch(p -> p.endsWith("startupProbe missing"))
                .anyMatch(p -> p.endsWith("cpu and memory limits missing"))
                .anyMatch(p -> p.endsWith("runAsNonRoot must be true"))
                .anyMatch(p -> p.endsWith("seccompProfile must be RuntimeDefault"))
                .anyMatch(p -> p.endsWith("automountServiceAccountToken must be false"))
                .hasSize(7);
    }

    @Test
    void theSchemaCheckRejectsMisspeltFieldsAndWrongTypes() {
        List<JsonNode> objects = Rendered.overlay("dev");
        ObjectNode deployment = first(objects, "Deployment");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolicie", "Always");
        assertThat(Schemas.problems(deployment)).singleElement().asString()
                .contains("unknown field .spec.template.spec.containers[0].imagePullPolicie");

        ObjectNode topic = first(objects, "KafkaTopic");
        ((ObjectNode) topic.get("spec")).put("partition", 3);
        assertThat(Schemas.problems(topic)).singleElement().asString().contains("unknown field .spec.partition");

        ObjectNode pool = first(objects, "KafkaNodePool");
        ((ObjectNode) pool.get("spec")).put("replicas", "three");
        assertThat(Schemas.problems(pool)).singleElement().asString().contains("KafkaNodePool");

        ObjectNode cluster = first(objects, "Cluster");
        ((ObjectNode) cluster.get("spec")).put("instance", 2);
        assertThat(Schemas.problems(cluster)).singleElement().asString().contains("instance");

        ObjectNode monitor = first(objects, "ServiceMonitor");
        ((ObjectNode) monitor.at("/spec/endpoints/0")).put("scrapeInterval", "30s");
        assertThat(Schemas.problems(monitor)).singleElement().asString().contains("unknown field .spec.endpoints[0].scrapeInterval");

        ObjectNode unknownKind = first(objects, "Service").put("kind", "Servise");
        assertThat(Schemas.problems(unknownKind)).singleElement().asString().contains("no schema known for v1/Servise");
    }

    private static ObjectNode first(List<JsonNode> objects, String kind) {
        return (ObjectNode) Rendered.ofKind(objects, kind).findFirst().orElseThrow().deepCopy();
    }
}
