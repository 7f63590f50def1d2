package io.certlife.local;

import io.certlife.embedded.EmbeddedKafkaBroker;
import io.certlife.embedded.EmbeddedPostgresServer;
import io.certlife.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * database {@code certlife} with a schema per service, every topic, the three services and the web console as child
 * processes. Closing it stops everything in reverse order.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalSystem.class.getName());
    static final String DATABASE = "certlife";

    /**
     * Where things run. An existing Kafka or JDBC URL replaces the embedded server; an internal CA (PEM certificate
     * and PKCS#8 key files) replaces the one renewal-service otherwise generates at its first start. {@code environment}
     * is set for every service on top of the launcher's own environment (which the services inherit), e.g. a test's
     * {@code CERTLIFE_EXPIRY_SWEEP_INTERVAL=off}. {@code host} is the address of this machine every server listens on and
     * is reached at: loopback, or (for the fault suite, which puts replicas in network namespaces of their own) the host's
     * end of a test network.
     */
    public record Settings(Path home, Path dataDir, String host, int kafkaPort, int postgresPort, int firstServicePort,
                           int consolePort,
                           Optional<String> existingKafka, Optional<String> existingJdbcUrl,
                           String jdbcUser, String jdbcPassword, Duration readyTimeout, int mailPort, int webhookPort,
                           Optional<InternalCa> internalCa, Map<String, String> environment) {
    }

    /** The files of an internal CA given to renewal-service. */
    public record InternalCa(Path certificate, Path key) {
    }

    /** Service names in start order, which is also the order of their ports. */
    public static final List<String> SERVICES = List.of("inventory-service", "renewal-service", "notifier-service");
    /** The web console, started once the services are ready (it calls them). */
    public static final String CONSOLE = "console";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new HashMap<>();
    private Settings settings;
    private String bootstrapServers;
    private String jdbcUrl;
    /** The embedded PostgreSQL; null when the system uses an existing database. */
    private EmbeddedPostgresServer postgres;
    private MailSink mail;
    private WebhookSink webhooks;
    private LocalAccess access;

    private LocalSystem() {
    }

    public static LocalSystem start(Settings settings) {
        LocalSystem system = new LocalSystem();
        system.settings = settings;
        try {
            system.startInfrastructure(settings);
            system.startSinks(settings);
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
                    settings.host(), settings.kafkaPort());
            started.add(broker);
            return broker.bootstrapServers();
        });
        EmbeddedKafkaBroker.createTopics(bootstrapServers, Topics.ALL, 3);
        jdbcUrl = settings.existingJdbcUrl().orElseGet(() -> {
            postgres = EmbeddedPostgresServer.startPersistent(settings.dataDir().resolve("postgres"), settings.host(),
                    settings.postgresPort());
            started.add(postgres);
            postgres.createDatabase(DATABASE);
            return postgres.jdbcUrl(DATABASE);
        });
        LOG.info(() -> "Kafka " + bootstrapServers + ", PostgreSQL " + jdbcUrl);
    }

    /** A mail sink and a webhook sink, so that alerts are visible without any account. */
    private void startSinks(Settings settings) {
        mail = new MailSink(settings.host(), settings.mailPort(), settings.dataDir().resolve("sinks/mail"));
        started.add(mail);
        webhooks = new WebhookSink(settings.host(), settings.webhookPort(), settings.dataDir().resolve("sinks/webhooks"));
        started.add(webhooks);
    }

    /**
     * The notifier's local channels: mail to the sink, a chat endpoint ({@code local-chat}, Slack format) and a
     * signed webhook ({@code local-webhook}, which every alert also reaches) on the webhook sink.
     */
    private Path notifierConfig(Settings settings) {
        Path file = settings.dataDir().resolve("config/notifier-service.properties");
        String config = String.join("\n",
                "# Generated by the certlife launcher at each start: local channels for the notifier.",
                "quarkus.mailer.host=" + settings.host(),
                "quarkus.mailer.port=" + mail.port(),
                "quarkus.mailer.start-tls=DISABLED",
                "quarkus.mailer.login=NONE",
                "quarkus.mailer.from=certlife@localhost",
                "certlife.notifier.endpoints.local-chat.type=SLACK",
                "certlife.notifier.endpoints.local-chat.url=" + webhooks.url("/chat/local-chat"),
                "certlife.notifier.endpoints.local-webhook.type=WEBHOOK",
                "certlife.notifier.endpoints.local-webhook.url=" + webhooks.url("/hooks/local-webhook"),
                "certlife.notifier.endpoints.local-webhook.secret=" + secret(settings.dataDir().resolve("secrets"), "webhook-secret"),
                "certlife.notifier.rules.local-webhook.channel=WEBHOOK",
                "certlife.notifier.rules.local-webhook.recipients=local-webhook",
                "certlife.notifier.rules.local-webhook.min-severity=INFO",
                "");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, config);
            restrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private void startServices(Settings settings) {
        access = new LocalAccess(settings.dataDir().resolve("secrets"));
        Map<String, String> environment = new HashMap<>();
        // nothing listens beyond this machine unless --bind says so
        environment.put("QUARKUS_HTTP_HOST", settings.host());
        // the machine itself and its LAN (the estate a local run discovers); link-local and metadata stay denied
        environment.put("CERTLIFE_OUTBOUND_ALLOW", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7");
        environment.putAll(settings.environment());
        environment.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl,
                "QUARKUS_DATASOURCE_USERNAME", settings.jdbcUser(),
                "QUARKUS_DATASOURCE_PASSWORD", settings.jdbcPassword()));
        // the key-encryption key is given to renewal only
        Map<String, String> renewalEnvironment = new HashMap<>(environment);
        renewalEnvironment.put("CERTLIFE_KEYS_KEK", secret(settings.dataDir().resolve("secrets"), "kek"));
        if (settings.internalCa().isPresent()) {
            renewalEnvironment.put("CERTLIFE_INTERNAL_CA_CERTIFICATE", read(settings.internalCa().get().certificate()));
            renewalEnvironment.put("CERTLIFE_INTERNAL_CA_KEY", read(settings.internalCa().get().key()));
        } else {
            renewalEnvironment.put("CERTLIFE_INTERNAL_CA_GENERATE", "true");
        }
        String inventoryUrl = address("inventory-service");
        renewalEnvironment.put("CERTLIFE_RENEWAL_INVENTORY_URL", inventoryUrl);
        renewalEnvironment.put("CERTLIFE_RENEWAL_INVENTORY_TOKEN", access.renewalToken());
        // one person at one machine: the admin may take both a PFX and its password (a team's deployment does not)
        renewalEnvironment.put("CERTLIFE_EXPORT_CREATOR_TAKES_BOTH", "true");
        // the API's tokens are kept by inventory; the others ask it, with their own tokens
        renewalEnvironment.put("CERTLIFE_ACCESS_TOKEN_STORE_URL", inventoryUrl);
        renewalEnvironment.put("CERTLIFE_ACCESS_TOKEN_STORE_TOKEN", access.renewalToken());
        renewalEnvironment.put("QUARKUS_CONFIG_LOCATIONS", accessConfig(settings, "renewal-service"));
        Map<String, String> notifierEnvironment = new HashMap<>(environment);
        notifierEnvironment.put("QUARKUS_CONFIG_LOCATIONS", notifierConfig(settings).toUri() + ","
                + accessConfig(settings, "notifier-service"));
        notifierEnvironment.put("CERTLIFE_NOTIFIER_TASKS_RENEWAL_URL", address("renewal-service"));
        notifierEnvironment.put("CERTLIFE_NOTIFIER_TASKS_RENEWAL_TOKEN", access.notifierToken());
        notifierEnvironment.put("CERTLIFE_NOTIFIER_TASKS_INVENTORY_URL", inventoryUrl);
        notifierEnvironment.put("CERTLIFE_NOTIFIER_TASKS_INVENTORY_TOKEN", access.notifierToken());
        notifierEnvironment.put("CERTLIFE_ACCESS_TOKEN_STORE_URL", inventoryUrl);
        notifierEnvironment.put("CERTLIFE_ACCESS_TOKEN_STORE_TOKEN", access.notifierToken());
        Map<String, String> inventoryEnvironment = new HashMap<>(environment);
        inventoryEnvironment.put("QUARKUS_CONFIG_LOCATIONS", accessConfig(settings, "inventory-service"));
        environments.putAll(Map.of("inventory-service", inventoryEnvironment, "renewal-service", renewalEnvironment,
                "notifier-service", notifierEnvironment));
        for (String name : SERVICES) {
            ServiceProcess service = launch(name);
            started.add(service);
            services.put(name, service);
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(settings.readyTimeout());
            LOG.info(() -> service.name() + " ready at " + service.baseUrl());
        }
        Map<String, String> consoleEnvironment = new HashMap<>(environment);
        consoleEnvironment.put("CERTLIFE_CONSOLE_INVENTORY_URL", inventoryUrl);
        consoleEnvironment.put("CERTLIFE_CONSOLE_RENEWAL_URL", address("renewal-service"));
        consoleEnvironment.put("CERTLIFE_CONSOLE_NOTIFIER_URL", address("notifier-service"));
        consoleEnvironment.put("CERTLIFE_CONSOLE_SESSION_KEY", secret(settings.dataDir().resolve("secrets"), "console-session-key"));
        environments.put(CONSOLE, consoleEnvironment);
        ServiceProcess console = launch(CONSOLE);
        started.add(console);
        services.put(CONSOLE, console);
        console.awaitReady(settings.readyTimeout());
        LOG.info(() -> "console ready at " + console.baseUrl());
    }

    /** Writes the API tokens a service accepts to its configuration file; returns the file's URI. */
    private String accessConfig(Settings settings, String service) {
        Path file = settings.dataDir().resolve("config/" + service + "-access.properties");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, access.config(service));
            restrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file.toUri().toString();
    }

    /** The bootstrap admin token (every role), for the demo, the CLI and tests; kept in {@code secrets/admin-token}. */
    public String adminToken() {
        return access.adminToken();
    }

    /** Where the bootstrap admin token is kept. */
    public Path adminTokenFile() {
        return settings.dataDir().resolve("secrets").resolve(LocalAccess.ADMIN_TOKEN);
    }

    private ServiceProcess launch(String name) {
        return ServiceProcess.start(settings.home(), name, List.of(), settings.host(), port(name), environments.get(name),
                settings.dataDir().resolve("logs"));
    }

    /** The port a service (in {@link #SERVICES}' order from the first service port) or the console listens on. */
    private int port(String name) {
        return name.equals(CONSOLE) ? settings.consolePort() : settings.firstServicePort() + SERVICES.indexOf(name);
    }

    /** Where the others reach a service: its base URL on the local system's host, known before it starts. */
    private String address(String name) {
        return "http://" + settings.host() + ":" + port(name);
    }

    /**
     * A second instance of a service with the same configuration, listening on {@code host} and {@code port}, its
     * command line prefixed with {@code wrapper} (e.g. {@code ip netns exec <namespace>}: a replica on a network of its
     * own): for tests of replicas.
     */
    ServiceProcess startReplica(String name, List<String> wrapper, String host, int port) {
        Map<String, String> environment = new HashMap<>(environments.get(name));
        environment.put("QUARKUS_HTTP_HOST", host);
        ServiceProcess replica = ServiceProcess.start(settings.home(), name, wrapper, host, port, environment,
                settings.dataDir().resolve("logs/replica-" + port));
        replica.awaitReady(settings.readyTimeout());
        return replica;
    }

    /**
     * Stops the embedded PostgreSQL (a fast shutdown: sessions end, commits stay), waits {@code down}, and starts it again
     * on its port and data: for tests of what survives a database restart.
     */
    public void restartPostgres(Duration down) throws InterruptedException {
        EmbeddedPostgresServer old = postgres;
        int port = old.port();
        old.close();
        LOG.info(() -> "PostgreSQL stopped for " + down);
        Thread.sleep(down.toMillis());
        postgres = EmbeddedPostgresServer.startPersistent(settings.dataDir().resolve("postgres"), settings.host(), port);
        started.set(started.indexOf(old), postgres);
    }

    /**
     * Kills the embedded PostgreSQL as a crash would (SIGKILL to the postmaster and every backend: no checkpoint, no
     * goodbye to the sessions), waits {@code down}, and starts it again on its port and data, which then recovers from
     * its write-ahead log.
     */
    public void killPostgres(Duration down) throws InterruptedException {
        EmbeddedPostgresServer old = postgres;
        Path data = settings.dataDir().resolve("postgres");
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no postmaster.pid in " + data, e);
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no PostgreSQL process " + pid));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("PostgreSQL process " + process.pid() + " did not die", e);
            }
        }
        // releases the in-process lock on the data folder (its pg_ctl stop finds nothing to stop)
        old.close();
        LOG.info(() -> "PostgreSQL killed (" + all.size() + " processes), down for " + down);
        Thread.sleep(down.toMillis());
        postgres = EmbeddedPostgresServer.startPersistent(data, settings.host(), old.port());
        started.set(started.indexOf(old), postgres);
    }

    /** Kills a service as a crash would (no graceful shutdown): for tests of what survives it. */
    public void kill(String name) {
        services.get(name).kill();
    }

    /**
     * Starts a stopped or killed service again on its port, with its configuration, and waits until it is ready;
     * returns the time from its launch until its first ready answer.
     */
    public Duration restart(String name) {
        ServiceProcess old = services.get(name);
        old.close();
        long launched = System.nanoTime();
        ServiceProcess service = launch(name);
        started.set(started.indexOf(old), service);
        services.put(name, service);
        service.awaitReady(settings.readyTimeout());
        Duration took = Duration.ofNanos(System.nanoTime() - launched);
        LOG.info(() -> name + " ready again at " + service.baseUrl() + " in " + took.toMillis() + " ms");
        return took;
    }

    /** A running service's (or the console's) resident set size in KiB. */
    public long residentKb(String name) {
        return services.get(name).residentKb();
    }

    /** A running service's (or the console's) process id. */
    public long pid(String name) {
        return services.get(name).pid();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** 32 random bytes in base64, made on first start and kept in the data folder (a Kubernetes Secret in production). */
    private static String secret(Path secrets, String name) {
        Path file = secrets.resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(secrets);
                byte[] value = new byte[32];
                new SecureRandom().nextBytes(value);
                Files.writeString(file, Base64.getEncoder().encodeToString(value));
                restrict(file);
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret " + name + " in " + secrets, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        LocalAccess.ownerOnly(file);
    }

    /** Where the mail sink writes each message as an .eml file. */
    public Path mailFolder() {
        return mail.folder();
    }

    /** Where the webhook sink writes each request (chat cards and signed webhooks). */
    public Path webhookFolder() {
        return webhooks.folder();
    }

    /** The webhook sink itself, for tests that make it misbehave. */
    WebhookSink webhookSink() {
        return webhooks;
    }

    public int mailPort() {
        return mail.port();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The base URL of a running service or the console, e.g. {@code http://127.0.0.1:8081}. */
    public String url(String service) {
        return services.get(service).baseUrl();
    }

    /** A service's (or the console's) log file. */
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
