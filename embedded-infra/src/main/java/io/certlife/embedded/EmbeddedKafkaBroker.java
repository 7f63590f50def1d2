package io.certlife.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller) running in this JVM on
 * free loopback ports. Storage is formatted on first start; a temporary storage folder is deleted
 * on {@link #close()}, a given one is kept so that a later start finds its topics again.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER = "CONTROLLER";
    /** Where the servers listen unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    private final Path logDir;
    private final boolean temporary;
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(Path logDir, boolean temporary, String host, int port) {
        this.logDir = logDir;
        this.temporary = temporary;
        int controllerPort = freePort();
        this.bootstrapServers = host + ":" + port;
        Map<String, String> props = Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://" + bootstrapServers + "," + CONTROLLER + "://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + bootstrapServers),
                Map.entry("controller.listener.names", CONTROLLER),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The cleaner allocates this eagerly (128 MiB by default): in a small heap the broker dies silently.
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024)),
                Map.entry("auto.create.topics.enable", "true"));
        KafkaConfig config = new KafkaConfig(props, false);
        format(logDir);
        this.server = new KafkaRaftServer(config, Time.SYSTEM);
    }

    /** Starts a broker whose storage lives in a temporary folder removed on close. */
    public static EmbeddedKafkaBroker startTemporary() {
        try {
            return start(Files.createTempDirectory("certlife-kafka-"), true, LOOPBACK, freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker on {@code host} (an address of this machine: loopback, or a test network's) and {@code port}
     * whose storage persists in {@code logDir}; clients are sent to the same address. The controller stays on loopback.
     */
    public static EmbeddedKafkaBroker startPersistent(Path logDir, String host, int port) {
        return start(logDir, false, host, port);
    }

    private static EmbeddedKafkaBroker start(Path logDir, boolean temporary, String host, int port) {
        long started = System.nanoTime();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, temporary, host, port);
        broker.server.startup();
        LOG.infof("Embedded Kafka broker %s (KRaft, storage %s) started in %d ms", broker.bootstrapServers, logDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    private static void format(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics that do not exist yet on any broker. */
    public static void createTopics(String bootstrapServers, Collection<String> topics, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + topics, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + topics, e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            Folders.delete(logDir);
        }
        LOG.infof("Embedded Kafka broker %s stopped", bootstrapServers);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
