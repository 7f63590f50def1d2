package io.certlife.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.events.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both overlays render, every object validates against its API's model, and the manifests fit the services. */
class OverlayValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectValidatesAgainstItsSchema(String overlay) {
        List<JsonNode> objects = Rendered.overlay(overlay);
        List<String> problems = objects.stream().flatMap(o -> Schemas.problems(o).stream()).toList();
        assertThat(problems).as("schema problems in overlay " + overlay).isEmpty();
        Set<String> kinds = objects.stream().map(o -> o.path("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(kinds).contains("Deployment", "Service", "ConfigMap", "ServiceAccount", "NetworkPolicy", "ServiceMonitor",
                "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster");
        System.out.printf("overlay %s: %d objects validated (%s)%n", overlay, objects.size(), kinds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentVariableIsAConfigurationKeyOfItsService(String overlay) {
        List<JsonNode> objects = Rendered.overlay(overlay);
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (Deployment d : Rendered.deployments(objects)) {
            ServiceConfig config = ServiceConfig.of(d.getMetadata().getName());
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                List<String> names = new ArrayList<>(c.getEnv().stream().map(EnvVar::getName).toList());
                for (EnvFromSource from : c.getEnvFrom()) {
                    names.addAll(Rendered.configMap(objects, from.getConfigMapRef().getName()).getData().keySet());
                }
                for (String name : names) {
                    checked++;
                    if (!config.accepts(name)) {
                        unknown.add(config.service() + ": " + name);
                    }
                }
            }
        }
        assertThat(unknown).as("environment variables no service reads").isEmpty();
        assertThat(checked).isGreaterThan(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicTheServicesUseExistsAndEachUserMayUseOnlyItsOwn(String overlay) {
        List<JsonNode> objects = Rendered.overlay(overlay);
        Set<String> topics = Rendered.ofKind(objects, "KafkaTopic").map(o -> Rendered.as(o, KafkaTopic.class))
                .map(t -> t.getSpec().getTopicName()).collect(Collectors.toSet());
        assertThat(topics).containsAll(Topics.ALL);
        Map<String, KafkaUser> users = Rendered.ofKind(objects, "KafkaUser").map(o -> Rendered.as(o, KafkaUser.class))
                .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));
        for (String name : Rendered.SERVICES) {
            ServiceConfig config = ServiceConfig.of(name);
            Set<String> reads = new HashSet<>();
            Set<String> writes = new HashSet<>();
            Set<String> groups = new HashSet<>();
            for (String key : config.propertyNames()) {
                String value = config.property(key).orElseThrow();
                if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".dead-letter-queue.topic")) {
                    writes.add(value);
                } else if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic")) {
                    reads.add(value);
                } else if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
                    groups.add(value);
                }
            }
            writes.add("certlife." + name.replace("-service", "") + ".events"); // the outbox relay's topic
            writes.add(Topics.AUDIT_EVENTS); // every service's audit records, through its outbox
            assertThat(topics).as(name + "'s topics").containsAll(reads).containsAll(writes);

            KafkaUser user = users.get(name);
            assertThat(user).as("KafkaUser " + name).isNotNull();
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            Set<String> mayRead = topicsWith(acls, AclOperation.READ);
            Set<String> mayWrite = topicsWith(acls, AclOperation.WRITE);
            assertThat(mayRead).as(name + " reads exactly the topics it consumes").isEqualTo(reads);
            assertThat(mayWrite).as(name + " writes exactly its events, dead-letter and audit topics").isEqualTo(writes);
            Set<String> mayJoin = acls.stream().filter(a -> a.getResource() instanceof AclRuleGroupResource)
                    .map(a -> ((AclRuleGroupResource) a.getResource()).getName()).collect(Collectors.toSet());
            assertThat(mayJoin).as(name + "'s consumer groups").isEqualTo(groups);
        }
    }

    private static Set<String> topicsWith(List<AclRule> acls, AclOperation operation) {
        return acls.stream().filter(a -> a.getResource() instanceof AclRuleTopicResource && a.getOperations().contains(operation))
                .map(a -> ((AclRuleTopicResource) a.getResource()).getName()).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void probesPortsAndMetricsMatchTheServices(String overlay) throws IOException {
        List<JsonNode> objects = Rendered.overlay(overlay);
        for (Deployment d : Rendered.deployments(objects)) {
            String name = d.getMetadata().getName();
            Path lib = Kustomize.home().resolve(name).resolve("target/quarkus-app/lib/main");
            try (var jars = Files.list(lib)) {
                Set<String> extensions = jars.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
                assertThat(extensions).as(name + " serves /q/health").anyMatch(j -> j.startsWith("io.quarkus.quarkus-smallrye-health-"));
                assertThat(extensions).as(name + " serves /q/metrics").anyMatch(j -> j.startsWith("io.quarkus.quarkus-micrometer-registry-prometheus-"));
            }
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            String httpPort = Rendered.configMap(objects, c.getEnvFrom().get(0).getConfigMapRef().getName()).getData()
                    .get("QUARKUS_HTTP_PORT");
            assertThat(c.getPorts()).as(name + " container port").anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(httpPort));
            });
            Map<String, HTTPGetAction> probes = Map.of("startup", c.getStartupProbe().getHttpGet(),
                    "liveness", c.getLivenessProbe().getHttpGet(), "readiness", c.getReadinessProbe().getHttpGet());
            assertThat(probes.get("startup").getPath()).isEqualTo("/q/health/started");
            assertThat(probes.get("liveness").getPath()).isEqualTo("/q/health/live");
            assertThat(probes.get("readiness").getPath()).isEqualTo("/q/health/ready");
            probes.values().forEach(p -> assertThat(p.getPort().getStrVal()).as(name + " probe port").isEqualTo("http"));

            Service service = Rendered.ofKind(objects, "Service").map(o -> Rendered.as(o, Service.class))
                    .filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            assertThat(service.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
            ServiceMonitor monitor = Rendered.ofKind(objects, "ServiceMonitor").map(o -> Rendered.as(o, ServiceMonitor.class))
                    .filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
                assertThat(e.getPath()).isEqualTo("/q/metrics");
                assertThat(e.getPort()).isEqualTo(service.getSpec().getPorts().get(0).getName());
            });
            assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        }
    }

    /**
     * The console reaches the three services' APIs and nothing else but DNS, each service admits it, and prod's Ingress
     * example serves it over TLS with the session cookie marked Secure (dev, reached by port-forward, does not mark it).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConsoleReachesOnlyTheServicesWhichAdmitItAndIsServedOverTls(String overlay) {
        List<JsonNode> objects = Rendered.overlay(overlay);
        Map<String, NetworkPolicy> policies = Rendered.ofKind(objects, "NetworkPolicy").map(o -> Rendered.as(o, NetworkPolicy.class))
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
        Set<String> reached = new TreeSet<>();
        for (NetworkPolicyEgressRule rule : policies.get("console").getSpec().getEgress()) {
            rule.getTo().stream().filter(peer -> peer.getPodSelector() != null && peer.getNamespaceSelector() == null)
                    .forEach(peer -> reached.add(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")));
            assertThat(rule.getTo()).as("no address blocks: the console reaches nothing outside the cluster")
                    .allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull());
        }
        assertThat(reached).containsExactlyInAnyOrderElementsOf(Rendered.SERVICES);
        for (String service : Rendered.SERVICES) {
            assertThat(policies.get(service).getSpec().getIngress()).as(service + " admits the console")
                    .anySatisfy(rule -> assertThat(rule.getFrom()).anySatisfy(peer -> assertThat(peer.getPodSelector())
                            .isNotNull().satisfies(s -> assertThat(s.getMatchLabels()).containsEntry("app.kubernetes.io/name", "console"))));
        }
        assertThat(Rendered.configMap(objects, "console-config").getData()).as("HTTPS-only cookies, but in dev (port-forward)")
                .containsEntry("CERTLIFE_CONSOLE_SECURE_COOKIE", String.valueOf(overlay.equals("prod")));
        List<Ingress> ingresses = Rendered.ofKind(objects, "Ingress").map(o -> Rendered.as(o, Ingress.class)).toList();
        if (overlay.equals("prod")) {
            assertThat(ingresses).singleElement().satisfies(ingress -> {
                assertThat(ingress.getSpec().getTls()).singleElement()
                        .satisfies(tls -> assertThat(tls.getHosts()).containsExactly(ingress.getSpec().getRules().get(0).getHost()));
                assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths()).singleElement().satisfies(path -> {
                    assertThat(path.getBackend().getService().getName()).isEqualTo("console");
                    assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
                });
            });
        } else {
            assertThat(ingresses).as("dev: reached with kubectl port-forward").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void imagesAreTheJibImagesOfTheServicesAndEverySecretIsDocumented(String overlay) throws IOException {
        List<JsonNode> objects = Rendered.overlay(overlay);
        String readme = Files.readString(Kustomize.home().resolve("deploy/README.md"));
        for (Deployment d : Rendered.deployments(objects)) {
            String name = d.getMetadata().getName();
            ServiceConfig config = ServiceConfig.of(name);
            String jibImage = config.property("quarkus.container-image.group").orElseThrow() + "/"
                    + config.property("quarkus.container-image.name").orElseThrow().replace("${quarkus.application.name}", name);
            var pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getContainers().get(0).getImage()).as(name + "'s image, set by the overlay's images:")
                    .contains("/" + jibImage + ":").doesNotStartWith(jibImage);
            Set<String> secrets = new HashSet<>();
            pod.getContainers().get(0).getEnv().stream().filter(e -> e.getValueFrom() != null)
                    .forEach(e -> secrets.add(e.getValueFrom().getSecretKeyRef().getName()));
            pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> secrets.add(v.getSecret().getSecretName()));
            secrets.forEach(s -> assertThat(readme).as("deploy/README.md says where Secret " + s + " comes from").contains("`" + s + "`"));
        }
    }
}
