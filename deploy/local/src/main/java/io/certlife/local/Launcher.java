package io.certlife.local;

import io.certlife.embedded.EmbeddedKafkaBroker;
import io.certlife.embedded.Folders;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code java -jar deploy/local/target/certlife-local.jar}: runs certlife locally until Ctrl-C. */
@Command(name = "certlife-local", mixinStandardHelpOptions = true, version = "certlife-local 0.1.0",
        description = "Starts Kafka, PostgreSQL and the three certlife services on this machine. Data is kept in "
                + "--data-dir between runs; Ctrl-C stops everything.")
public final class Launcher implements Callable<Integer> {

    @Option(names = "--home", description = "The certlife checkout whose packaged services to run (default: current directory).")
    Path home = Path.of("");

    @Option(names = "--data-dir", description = "Where Kafka, PostgreSQL and the logs keep their data (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".certlife");

    @Option(names = "--wipe", description = "Delete the data folder before starting.")
    boolean wipe;

    @Option(names = "--kafka-port", description = "Port of the embedded Kafka broker (default: ${DEFAULT-VALUE}).")
    int kafkaPort = 9092;

    @Option(names = "--postgres-port", description = "Port of the embedded PostgreSQL (default: ${DEFAULT-VALUE}).")
    int postgresPort = 15432;

    @Option(names = "--first-service-port", description = "inventory, renewal and notifier listen here and on the next two ports (default: ${DEFAULT-VALUE}).")
    int firstServicePort = 8081;

    @Option(names = "--console-port", description = "The web console listens here (default: ${DEFAULT-VALUE}).")
    int consolePort = 8080;

    @Option(names = "--mail-port", description = "Port of the local mail sink (default: ${DEFAULT-VALUE}).")
    int mailPort = 2525;

    @Option(names = "--webhook-port", description = "Port of the local chat/webhook sink (default: ${DEFAULT-VALUE}).")
    int webhookPort = 8089;

    @Option(names = "--bind", description = "The address the services listen on (default: ${DEFAULT-VALUE}, this machine "
            + "only). Anything else puts them on the network: every call still needs a token.")
    String bind = "127.0.0.1";

    @Option(names = "--oidc-issuer", paramLabel = "URL", description = "Also accept the bearer tokens of this OpenID Connect "
            + "provider (its issuer URL, e.g. https://keycloak.example/realms/ops), and sign people in to the console there (its "
            + "public client certlife-console); the admin API token keeps working.")
    Optional<String> oidcIssuer;

    @Option(names = "--oidc-audience", paramLabel = "AUDIENCE", description = "The audience the provider's tokens must "
            + "carry (default: ${DEFAULT-VALUE}).")
    String oidcAudience = "certlife";

    @Option(names = "--oidc-role-claim", paramLabel = "PATH", description = "Where the tokens carry their roles (default: "
            + "${DEFAULT-VALUE}, as Keycloak; Entra ID: roles). Roles named like certlife's count as such.")
    String oidcRoleClaim = "realm_access/roles";

    @Option(names = "--demo", description = "Load the demo estate (contoso.com, from the source articles) with certificates made relative to now.")
    boolean demo;

    @Option(names = "--kafka-bootstrap", description = "Use this existing Kafka instead of the embedded broker.")
    Optional<String> kafkaBootstrap;

    @Option(names = "--jdbc-url", description = "Use this existing PostgreSQL database instead of the embedded server.")
    Optional<String> jdbcUrl;

    @Option(names = "--jdbc-user", description = "User for --jdbc-url (default: ${DEFAULT-VALUE}).")
    String jdbcUser = "postgres";

    @Option(names = "--jdbc-password", description = "Password for --jdbc-url; prefer the CERTLIFE_JDBC_PASSWORD environment variable.",
            defaultValue = "${env:CERTLIFE_JDBC_PASSWORD}")
    String jdbcPassword;

    @Option(names = "--internal-ca-cert", paramLabel = "FILE", description = "Your internal CA's certificate (PEM) for "
            + "renewal-service to issue with, with --internal-ca-key; without both it generates a CA at first start.")
    Optional<Path> internalCaCertificate;

    @Option(names = "--internal-ca-key", paramLabel = "FILE", description = "The internal CA's private key (PKCS#8 PEM).")
    Optional<Path> internalCaKey;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Launcher()).execute(args));
    }

    /** Every port this run listens on is free, or the run stops before starting anything, naming the port and its option. */
    private void requireFreePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (kafkaBootstrap.isEmpty()) {
            ports.put("--kafka-port", kafkaPort);
        }
        if (jdbcUrl.isEmpty()) {
            ports.put("--postgres-port", postgresPort);
        }
        for (int i = 0; i < LocalSystem.SERVICES.size(); i++) {
            ports.put("--first-service-port (" + LocalSystem.SERVICES.get(i) + ")", firstServicePort + i);
        }
        ports.put("--console-port", consolePort);
        ports.put("--mail-port", mailPort);
        ports.put("--webhook-port", webhookPort);
        ports.forEach((option, port) -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), "port " + port + " is in use (is certlife "
                        + "already running?): stop what uses it, or choose another port with " + option.split(" ")[0]);
            }
        });
    }

    private Optional<LocalSystem.InternalCa> internalCa() {
        if (internalCaCertificate.isPresent() != internalCaKey.isPresent()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--internal-ca-cert and --internal-ca-key go together");
        }
        return internalCaCertificate.map(certificate -> new LocalSystem.InternalCa(certificate, internalCaKey.get()));
    }

    /** What every service is started with beyond the launcher's own settings. */
    Map<String, String> environment() {
        if (!InetAddress.getLoopbackAddress().getHostAddress().equals(bind) && !bind.equals("localhost")) {
            System.out.println("WARNING: --bind " + bind + " makes the services reachable from other machines; every call "
                    + "still needs an API token.");
        }
        Map<String, String> environment = new HashMap<>(Map.of("QUARKUS_HTTP_HOST", bind));
        oidcIssuer.ifPresent(issuer -> environment.putAll(Map.of("QUARKUS_OIDC_TENANT_ENABLED", "true",
                "QUARKUS_OIDC_AUTH_SERVER_URL", issuer, "QUARKUS_OIDC_TOKEN_AUDIENCE", oidcAudience,
                "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", oidcRoleClaim,
                // people sign in to the console there too (its public client certlife-console, PKCE)
                "CERTLIFE_CONSOLE_OIDC_ISSUER", issuer)));
        if (demo) {
            // the demo sweeps once its estate is in place; a scheduled sweep while certificates are imported but not
            // yet bound would plan the CAS renewal without the ISA rule that makes its key exportable
            environment.put("CERTLIFE_EXPIRY_SWEEP_DELAY", Demo.FIRST_SCHEDULED_SWEEP);
        }
        return environment;
    }

    @Override
    public Integer call() throws Exception {
        requireFreePorts(); // before --wipe, which must never pull the data from under a running instance
        Path data = dataDir.toAbsolutePath().normalize();
        if (wipe) {
            Folders.delete(data);
        }
        Files.createDirectories(data);
        // the demo's ACME issuer profile, when the machine has Pebble
        Optional<DemoAcme> acme = demo && DemoAcme.installed() ? Optional.of(DemoAcme.start(data)) : Optional.empty();
        Map<String, String> environment = environment();
        acme.ifPresent(ca -> environment.putAll(ca.renewalEnvironment()));
        LocalSystem.Settings settings = new LocalSystem.Settings(home.toAbsolutePath().normalize(), data, EmbeddedKafkaBroker.LOOPBACK, kafkaPort,
                postgresPort, firstServicePort, consolePort, kafkaBootstrap, jdbcUrl, jdbcUser,
                jdbcPassword == null ? "" : jdbcPassword, Duration.ofSeconds(120), mailPort, webhookPort, internalCa(),
                environment);
        long started = System.nanoTime();
        LocalSystem system = LocalSystem.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping certlife...");
            system.close();
            acme.ifPresent(DemoAcme::close);
            stopped.countDown();
        }, "certlife-shutdown"));
        Demo demoRun = new Demo(system, acme);
        if (demo) {
            System.out.println(demoRun.load(data));
        }
        printSummary(system, data, Duration.ofNanos(System.nanoTime() - started));
        if (demo) {
            System.out.println(demoRun.progress(Duration.ofSeconds(90)));
        }
        stopped.await();
        return 0;
    }

    private static void printSummary(LocalSystem system, Path data, Duration took) {
        System.out.printf("%ncertlife is running (started in %d s). Ctrl-C stops it.%n%n", took.toSeconds());
        System.out.printf("  Console      %s   sign in with the admin token (below)%n", system.url(LocalSystem.CONSOLE));
        System.out.printf("  Kafka        %s%n", system.bootstrapServers());
        System.out.printf("  PostgreSQL   %s (user postgres)%n", system.jdbcUrl());
        for (String service : LocalSystem.SERVICES) {
            System.out.printf("  %-18s %s   OpenAPI %s/q/openapi   log %s%n", service, system.url(service),
                    system.url(service), system.log(service));
        }
        System.out.printf("%n  Mail sink     smtp://127.0.0.1:%d, each message written to %s%n", system.mailPort(), system.mailFolder());
        System.out.printf("  Webhook sink  chat cards and signed webhooks written to %s%n", system.webhookFolder());
        System.out.printf("%n  Data folder  %s%n", data);
        System.out.printf("  Admin token  %s (owner-only; ./certlife reads it from there, or set CERTLIFE_TOKEN)%n",
                system.adminTokenFile());
    }
}
