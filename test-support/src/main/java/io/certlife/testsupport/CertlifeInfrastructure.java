package io.certlife.testsupport;

import io.certlife.embedded.EmbeddedKafkaBroker;
import io.certlife.embedded.EmbeddedPostgresServer;
import io.certlife.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one place that decides which real Kafka broker and PostgreSQL server the tests use, in this order:
 * <ol>
 *   <li>existing servers named by {@code CERTLIFE_TEST_KAFKA_BOOTSTRAP} and {@code CERTLIFE_TEST_JDBC_URL}
 *       (with {@code CERTLIFE_TEST_JDBC_USERNAME}/{@code CERTLIFE_TEST_JDBC_PASSWORD});</li>
 *   <li>Testcontainers, where a Docker engine answers;</li>
 *   <li>embedded: a KRaft broker in this JVM and PostgreSQL from Maven Central binaries.</li>
 * </ol>
 * It logs which it chose, creates every certlife topic, and hands the addresses to Quarkus, with a random
 * key-encryption key ({@code certlife.keys.kek}) for the services that seal private keys and the run's
 * {@link TestTokens}.
 */
public class CertlifeInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(CertlifeInfrastructure.class);
    static final String KAFKA_ENV = "CERTLIFE_TEST_KAFKA_BOOTSTRAP";
    static final String JDBC_ENV = "CERTLIFE_TEST_JDBC_URL";

    private final List<AutoCloseable> started = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        boolean docker = dockerAvailable();
        String bootstrap = startKafka(docker);
        EmbeddedKafkaBroker.createTopics(bootstrap, Topics.ALL, 1);
        Map<String, String> database = startPostgres(docker);
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        Map<String, String> config = new HashMap<>(TestTokens.config());
        config.putAll(Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.datasource.jdbc.url", database.get("url"),
                "quarkus.datasource.username", database.get("username"),
                "quarkus.datasource.password", database.get("password"),
                // a key-encryption key made for this run, for the services that seal private keys
                "certlife.keys.kek", Base64.getEncoder().encodeToString(kek)));
        TestTokens.useEveryoneByDefault();
        return config;
    }

    /**
     * Runs for each test instance, in the class loader of the test (Quarkus loads test classes again for each
     * application it restarts): RestAssured there presents {@link TestTokens#EVERYONE}'s token by default.
     */
    @Override
    public void inject(TestInjector testInjector) {
        try {
            Thread.currentThread().getContextClassLoader().loadClass(TestTokens.class.getName())
                    .getMethod("useEveryoneByDefault").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the test token up in the test's class loader", e);
        }
    }

    private String startKafka(boolean docker) {
        Optional<String> existing = env(KAFKA_ENV);
        if (existing.isPresent()) {
            LOG.infof("Test Kafka: existing broker %s (from %s)", existing.get(), KAFKA_ENV);
            return existing.get();
        }
        if (docker) {
            KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
            kafka.start();
            started.add(kafka::stop);
            LOG.infof("Test Kafka: Testcontainers broker %s", kafka.getBootstrapServers());
            return kafka.getBootstrapServers();
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
        started.add(broker);
        LOG.infof("Test Kafka: embedded KRaft broker %s (no Docker engine, no %s)", broker.bootstrapServers(), KAFKA_ENV);
        return broker.bootstrapServers();
    }

    private Map<String, String> startPostgres(boolean docker) {
        Optional<String> existing = env(JDBC_ENV);
        if (existing.isPresent()) {
            LOG.infof("Test PostgreSQL: existing server %s (from %s)", existing.get(), JDBC_ENV);
            return Map.of("url", existing.get(),
                    "username", env("CERTLIFE_TEST_JDBC_USERNAME").orElse("postgres"),
                    "password", env("CERTLIFE_TEST_JDBC_PASSWORD").orElse(""));
        }
        if (docker) {
            PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
            postgres.start();
            started.add(postgres::stop);
            LOG.infof("Test PostgreSQL: Testcontainers server %s", postgres.getJdbcUrl());
            return Map.of("url", postgres.getJdbcUrl(), "username", postgres.getUsername(),
                    "password", postgres.getPassword());
        }
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
        started.add(postgres);
        LOG.infof("Test PostgreSQL: embedded server %s (no Docker engine, no %s)", postgres.jdbcUrl("postgres"), JDBC_ENV);
        return Map.of("url", postgres.jdbcUrl("postgres"), "username", EmbeddedPostgresServer.USER, "password", "");
    }

    @Override
    public void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("Could not stop test infrastructure cleanly", e);
            }
        }
        started.clear();
    }

    /** Asks Testcontainers only when a Docker endpoint is configured, so that a machine without Docker pays nothing. */
    static boolean dockerAvailable() {
        boolean endpoint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!endpoint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
