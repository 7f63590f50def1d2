package io.certlife.local;

import io.certlife.events.Topics;
import io.certlife.testsupport.EmbeddedKafkaBroker;
import io.certlife.testsupport.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The whole system on one machine: a Kafka broker and PostgreSQL (embedded, or existing ones), one
 * database {@code certlife} with a schema per service, every topic, and the three services as child
 * processes. Closing it stops everything in reverse order.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalSystem.class.getName());
    static final String DATABASE = "certlife";

    /** Where things run. An existing Kafka or JDBC URL replaces the embedded server. */
    public record Settings(Path home, Path dataDir, int kafkaPort, int postgresPort, int firstServicePort,
                           Optional<String> existingKafka, Optional<String> existingJdbcUrl,
                           String jdbcUser, String jdbcPassword, Duration readyTimeout) {
    }

    /** Service names in start order, which is also the order of their ports. */
    public static final List<String> SERVICES = List.of("inventory-service", "renewal-service", "notifier-service");

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private String bootstrapServers;
    private String jdbcUrl;

    private LocalSystem() {
    }

    public static LocalSystem start(Settings settings) {
        LocalSystem system = new LocalSystem();
        try {
            system.startInfrastructure(settings);
            system.startServices(settings);
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startInfrastructure(Settings settings) {
        bootstrapServers = settings.existingKafka().orElseGet(() -> {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startPersistent(settings.dataDir().resolve("kafka"),
                    settings.kafkaPort());
            started.add(broker);
            return broker.bootstrapServers();
        });
        EmbeddedKafkaBroker.createTopics(bootstrapServers, Topics.ALL, 3);
        jdbcUrl = settings.existingJdbcUrl().orElseGet(() -> {
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startPersistent(
                    settings.dataDir().resolve("postgres"), settings.postgresPort());
            started.add(postgres);
            postgres.createDatabase(DATABASE);
            return postgres.jdbcUrl(DATABASE);
        });
        LOG.info(() -> "Kafka " + bootstrapServers + ", PostgreSQL " + jdbcUrl);
    }

    private void startServices(Settings settings) {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl,
                "QUARKUS_DATASOURCE_USERNAME", settings.jdbcUser(),
                "QUARKUS_DATASOURCE_PASSWORD", settings.jdbcPassword());
        // the key-encryption key of renewal-service: made on first start, kept in the data folder (a Kubernetes
        // Secret in production), given to renewal only
        Map<String, String> renewalEnvironment = new HashMap<>(environment);
        renewalEnvironment.put("CERTLIFE_KEYS_KEK", keyEncryptionKey(settings.dataDir().resolve("secrets")));
        renewalEnvironment.put("CERTLIFE_INTERNAL_CA_GENERATE", "true");
        int port = settings.firstServicePort();
        for (String name : SERVICES) {
            ServiceProcess service = ServiceProcess.start(settings.home(), name, port++,
                    name.equals("renewal-service") ? renewalEnvironment : environment, settings.dataDir().resolve("logs"));
            started.add(service);
            services.put(name, service);
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(settings.readyTimeout());
            LOG.info(() -> service.name() + " ready at " + service.baseUrl());
        }
    }

    private static String keyEncryptionKey(Path secrets) {
        Path file = secrets.resolve("kek");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(secrets);
                byte[] kek = new byte[32];
                new SecureRandom().nextBytes(kek);
                Files.writeString(file, Base64.getEncoder().encodeToString(kek));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the data folder's own permissions apply
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key-encryption key in " + secrets, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The base URL of a running service, e.g. {@code http://127.0.0.1:8081}. */
    public String url(String service) {
        return services.get(service).baseUrl();
    }

    public Path log(String service) {
        return services.get(service).log();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warning("could not stop cleanly: " + e);
            }
        }
        started.clear();
    }
}
