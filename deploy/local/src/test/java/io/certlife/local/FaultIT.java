package io.certlife.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certlife.embedded.EmbeddedKafkaBroker;
import io.certlife.testsupport.TestCertificates;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fault-injection suite: the short schedule (one fault of each kind) runs in every build, the full one with
 * {@code -Pchaos} ({@code certlife.faults=full}: each kind repeated, then all mixed in a random order). The packaged services run
 * as processes, a second replica of each beside them, on a real PostgreSQL and a Kafka broker in a JVM of its own. A
 * steady workload (rounds of certificates imported and swept: some due for renewal, some crossing an expiry threshold)
 * keeps a ledger of the effects it expects; after each round one fault strikes while the round's events are in
 * flight: the broker stopped (SIGTERM) and killed (SIGKILL), PostgreSQL restarted (fast shutdown) and killed (SIGKILL of
 * the postmaster and its backends), each service killed in turn and started again, the webhook receiver stalling for a
 * minute and then answering 500 and 429 with Retry-After. At the end, from the
 * ledger: every expected effect happened (each due certificate renewed and its replacement registered, each expiring
 * one alerted and its webhook received), none twice (renewals, key rows and replacements per certificate, alerts per
 * certificate, webhook messages by event id), at least one redelivery was observed and skipped by an inbox (so the
 * run exercised that path), and no dead letter anywhere.
 */
class FaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_ROUND_DUE = 3;
    private static final int PER_ROUND_EXPIRING = 2;
    private static final Pattern REDELIVERED = Pattern.compile(": (\\d+) redelivered event\\(s\\) already processed, skipped");
    private static final boolean FULL = "full".equals(System.getProperty("certlife.faults", "short"));
    /**
     * Where the broker, the database, the sinks and the first instance of each service listen: in the full schedule, the
     * host's end of the replicas' network namespace, so that the replicas reach them over a link the test can cut.
     */
    private static final String HOST = FULL ? NetworkNamespace.HOST_ADDRESS : EmbeddedKafkaBroker.LOOPBACK;

    /** The full schedule's network namespace for the replicas, made first and deleted last. */
    static final class Network implements BeforeAllCallback, AfterAllCallback {
        NetworkNamespace namespace;

        @Override
        public void beforeAll(ExtensionContext context) {
            if (FULL) {
                namespace = NetworkNamespace.create("certlife-faults");
            }
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (namespace != null) {
                namespace.close();
            }
        }
    }

    @RegisterExtension
    @Order(0)
    static final Network NETWORK = new Network();

    /** The broker process, stopped after the system (extensions' afterAll run in reverse order). */
    static final class Broker implements AfterAllCallback {
        StandaloneBroker broker;

        Optional<String> start() {
            Path target = Path.of("target").toAbsolutePath();
            broker = new StandaloneBroker(target.resolve("fault-kafka-" + System.currentTimeMillis()), HOST,
                    FreePorts.one(), target.resolve("fault-kafka.log")).start();
            return Optional.of(broker.bootstrapServers());
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @RegisterExtension
    @Order(1)
    static final Broker BROKER = new Broker();

    @RegisterExtension
    @Order(2)
    static final LocalSystemExtension LOCAL = new LocalSystemExtension(Optional.empty(),
            // retries of a refused webhook in seconds rather than the production 30 s doubling; alerts grouped in seconds
            // rather than the production 30 s and 5 min, so that rounds go on while groups are sent and resent
            () -> Map.of("CERTLIFE_NOTIFIER_DELIVERY_INITIAL_BACKOFF", "2s", "CERTLIFE_NOTIFIER_DELIVERY_MAX_BACKOFF", "10s",
                    "CERTLIFE_NOTIFIER_GROUPING_GROUP_WAIT", "2s", "CERTLIFE_NOTIFIER_GROUPING_GROUP_INTERVAL", "5s"),
            BROKER::start, HOST);

    private record Expected(String id, String name, boolean due) {
    }

    /** One fault: what it is, and how to inflict it (and recover, as an operator or the platform would). */
    private record Fault(String name, Inflict inflict) {
    }

    @FunctionalInterface
    private interface Inflict {
        void run() throws Exception;
    }

    @Test
    void nothingIsLostOrDoneTwiceWhenTheBrokerTheDatabaseOrAServiceDies() throws Exception {
        LocalSystem system = LOCAL.system();
        StandaloneBroker broker = BROKER.broker;
        List<ServiceProcess> replicas = new ArrayList<>();
        NetworkNamespace namespace = NETWORK.namespace;
        for (String service : LocalSystem.SERVICES) {
            replicas.add(FULL ? system.startReplica(service, namespace.wrapper(), NetworkNamespace.NAMESPACE_ADDRESS,
                    FreePorts.one()) : system.startReplica(service, List.of(), HOST, FreePorts.one()));
        }
        Fault brokerTerm = new Fault("broker SIGTERM", () -> {
            broker.terminate();
            Thread.sleep(3000);
            broker.start();
        });
        Fault brokerKill = new Fault("broker SIGKILL", () -> {
            broker.kill();
            Thread.sleep(3000);
            broker.start();
        });
        Fault postgresRestart = new Fault("PostgreSQL restart", () -> system.restartPostgres(Duration.ofSeconds(5)));
        Fault postgresKill = new Fault("PostgreSQL SIGKILL", () -> system.killPostgres(Duration.ofSeconds(3)));
        List<Fault> serviceKills = LocalSystem.SERVICES.stream()
                .map(service -> new Fault(service + " SIGKILL", () -> killAndRestart(system, service))).toList();
        // these do not wait: the receiver misbehaves while the next rounds run
        Fault webhookStall = new Fault("webhook receiver stalls for a minute",
                () -> system.webhookSink().misbehave(Duration.ofMinutes(1), List.of()));
        Fault webhookRefusals = new Fault("webhook receiver answers 500, then 429 with Retry-After", () -> system.webhookSink()
                .misbehave(Duration.ZERO, List.of(new WebhookSink.Refusal(500, 0), new WebhookSink.Refusal(429, 5))));
        Fault linkCut = new Fault("replicas cut off from everything for a minute",
                () -> namespace.cut(Duration.ofMinutes(1)));
        Fault linkDegraded = new Fault("replicas' link losing 5% and slowed for a minute",
                () -> namespace.degrade(Duration.ofMinutes(1)));
        long seed = Long.getLong("certlife.faults.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        if (FULL) {
            // one kind at a time (5 broker SIGTERMs, 5 SIGKILLs, PostgreSQL restarted and killed while each service is
            // busy, each service killed), then the same faults again in a random order
            faults.addAll(Collections.nCopies(5, brokerTerm));
            faults.addAll(Collections.nCopies(5, brokerKill));
            faults.addAll(Collections.nCopies(3, postgresRestart));
            faults.addAll(Collections.nCopies(3, postgresKill));
            faults.addAll(serviceKills);
            faults.addAll(List.of(webhookStall, webhookRefusals));
            // the replicas run in a network namespace of their own
            faults.addAll(List.of(linkCut, linkDegraded));
            List<Fault> mixed = new ArrayList<>(faults);
            Collections.shuffle(mixed, random);
            faults.addAll(mixed);
        } else {
            faults.addAll(List.of(brokerTerm, brokerKill, postgresRestart, postgresKill));
            faults.addAll(serviceKills);
            faults.addAll(List.of(webhookStall, webhookRefusals));
        }
        System.out.printf("fault suite: %s schedule, %d faults, seed %d (-Dcertlife.faults.seed=%d repeats it)%n",
                FULL ? "full" : "short", faults.size(), seed, seed);
        List<Expected> ledger = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant started = Instant.now();
        try {
            for (int round = 0; round <= faults.size(); round++) {
                ledger.addAll(round(system, run, round));
                if (round < faults.size()) {
                    Fault fault = faults.get(round);
                    // at a random point while the round's events are in flight
                    long after = random.nextInt(FULL ? 4000 : 1000);
                    Thread.sleep(after);
                    System.out.printf("fault suite: round %d in flight, %s after %d ms%n", round, fault.name(), after);
                    fault.inflict().run();
                }
            }
            Map<String, Integer> outcome = awaitLedger(system, ledger, Duration.ofMinutes(6));
            int redeliveries = redeliveries(LOCAL.dataDir().resolve("logs"));
            int deadLetters = deadLetters(system);
            System.out.printf("fault suite: %d rounds, %d certificates, faults %s, a second replica of each service; "
                            + "expected effects %d, lost %d, duplicates %d (webhook messages %d), redeliveries skipped %d, "
                            + "webhook requests refused or stalled %d, dead letters %d, %d s%n", faults.size() + 1, ledger.size(),
                    faults.stream().collect(java.util.stream.Collectors.groupingBy(Fault::name, LinkedHashMap::new,
                            java.util.stream.Collectors.counting())), outcome.get("expected"), outcome.get("lost"),
                    outcome.get("duplicates"), outcome.get("webhookDuplicates"), redeliveries, system.webhookSink().refused(), deadLetters,
                    Duration.between(started, Instant.now()).toSeconds());
            assertThat(outcome.get("lost")).as("expected effects lost: " + outcome).isZero();
            assertThat(outcome.get("duplicates")).as("duplicate side effects: " + outcome).isZero();
            assertThat(outcome.get("webhookDuplicates")).as("webhook messages received twice: " + outcome).isZero();
            assertThat(redeliveries).as("redeliveries observed (the run exercised the dedupe)").isPositive();
            assertThat(system.webhookSink().refused()).as("webhook requests the receiver refused or stalled on").isPositive();
            assertThat(deadLetters).as("dead letters at the services").isZero();
        } finally {
            for (ServiceProcess replica : replicas) {
                replica.close();
            }
        }
    }

    private static void killAndRestart(LocalSystem system, String service) {
        system.kill(service);
        system.restart(service);
    }

    /** Imports this round's certificates and sweeps; every request is retried until the system takes it. */
    private static List<Expected> round(LocalSystem system, String run, int round) throws InterruptedException {
        Instant now = Instant.now();
        List<Expected> expected = new ArrayList<>();
        for (int i = 0; i < PER_ROUND_DUE + PER_ROUND_EXPIRING; i++) {
            boolean due = i < PER_ROUND_DUE;
            String name = "f" + run + "-" + round + "-" + i + ".contoso.com";
            // due: two thirds of a year's lifetime are over; expiring: 20 days of 30 left, inside the 30-day threshold
            // and before its renewal time
            var cert = due ? TestCertificates.selfSigned(name, List.of(name), now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS))
                    : TestCertificates.selfSigned(name, List.of(name), now.minus(10, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS));
            Response created = retrying("import " + name, () -> given().baseUri(system.url("inventory-service"))
                    .contentType("application/x-pem-file").body(cert.pem().getBytes()).post("/certificates"), 201);
            expected.add(new Expected(created.path("certificates[0].id"), name, due));
        }
        retrying("sweep", () -> given().baseUri(system.url("inventory-service")).post("/expiry-sweeps"), 200);
        return expected;
    }

    private static Response retrying(String what, java.util.function.Supplier<Response> request, int status)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            try {
                Response response = request.get();
                if (response.statusCode() == status) {
                    return response;
                }
                assertThat(response.statusCode()).as(what + ": " + response.asString()).isGreaterThanOrEqualTo(500);
            } catch (RuntimeException unreachable) {
                // the service is restarting: try again
            }
            assertThat(Instant.now()).as(what + " taken within 120 s").isBefore(deadline);
            Thread.sleep(1000);
        }
    }

    /** Waits until every expected effect is there (or the time is up); returns expected, lost and duplicate counts. */
    private static Map<String, Integer> awaitLedger(LocalSystem system, List<Expected> ledger, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            Map<String, Integer> outcome = check(system, ledger);
            if (outcome.get("lost") == 0 || Instant.now().isAfter(deadline)) {
                return outcome;
            }
            Thread.sleep(3000);
        }
    }

    private static Map<String, Integer> check(LocalSystem system, List<Expected> ledger) throws Exception {
        Map<String, Integer> renewals = new HashMap<>();
        Map<String, Integer> keys = new HashMap<>();
        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), "postgres", "")) {
            try (ResultSet rows = db.createStatement().executeQuery("""
                    select r.certificate_id, count(distinct r.id), count(k.id) from renewal.renewal r
                    left join renewal.private_key k on k.renewal_id = r.id
                    where r.state in ('ISSUED', 'DEPLOY_OVERDUE', 'VERIFIED') group by r.certificate_id""")) {
                while (rows.next()) {
                    renewals.put(rows.getString(1), rows.getInt(2));
                    keys.put(rows.getString(1), rows.getInt(3));
                }
            }
        } catch (SQLException databaseAway) {
            return Map.of("expected", 0, "lost", Integer.MAX_VALUE, "duplicates", 0, "webhookDuplicates", 0);
        }
        Map<String, Integer> replacements = new HashMap<>();
        for (JsonNode certificate : json(given().baseUri(system.url("inventory-service")).get("/certificates?size=1000"))) {
            if (certificate.hasNonNull("replacesId")) {
                replacements.merge(certificate.get("replacesId").asText(), 1, Integer::sum);
            }
        }
        Map<String, Integer> alerts = new HashMap<>();
        Map<String, Integer> webhooks = new HashMap<>();
        Map<String, Integer> webhookIds = new HashMap<>();
        for (String file : webhookFiles(system)) {
            int body = file.indexOf("\n\n");
            JsonNode event = JSON.readTree(file.substring(body + 2));
            String type = event.path("type").asText();
            if (type.equals("io.certlife.certificate.expiring.v1")) {
                webhooks.merge(event.path("subject").asText(), 1, Integer::sum);
                webhookIds.merge(event.path("id").asText(), 1, Integer::sum);
            } else if (type.equals("io.certlife.alerts.grouped.v1")) {
                for (JsonNode alert : event.path("data").path("alerts")) {
                    if (alert.path("kind").asText().equals("CERTIFICATE_EXPIRING")) {
                        webhooks.merge(alert.path("certificateId").asText(), 1, Integer::sum);
                    }
                }
                webhookIds.merge(event.path("id").asText(), 1, Integer::sum);
            }
        }
        int expected = 0;
        int lost = 0;
        int duplicates = 0;
        for (Expected e : ledger) {
            List<Integer> counts;
            if (e.due()) {
                counts = List.of(renewals.getOrDefault(e.id(), 0), keys.getOrDefault(e.id(), 0), replacements.getOrDefault(e.id(), 0));
            } else {
                alerts.put(e.id(), json(given().baseUri(system.url("notifier-service")).get("/alerts?certificateId=" + e.id())).size());
                counts = List.of(alerts.get(e.id()), webhooks.getOrDefault(e.id(), 0) > 0 ? 1 : 0);
            }
            for (int count : counts) {
                expected++;
                lost += count == 0 ? 1 : 0;
                duplicates += Math.max(count - 1, 0);
            }
        }
        int webhookDuplicates = webhookIds.values().stream().mapToInt(n -> n - 1).sum();
        return new LinkedHashMap<>(Map.of("expected", expected, "lost", lost, "duplicates", duplicates,
                "webhookDuplicates", webhookDuplicates));
    }

    private static JsonNode json(Response response) {
        if (response.statusCode() != 200) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(response.asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> webhookFiles(LocalSystem system) throws IOException {
        try (Stream<Path> files = Files.list(system.webhookFolder())) {
            return files.filter(f -> f.getFileName().toString().contains("hooks-local-webhook")).sorted().map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** Redelivered events the services' inboxes recognised and skipped, from every service log (replicas included). */
    private static int redeliveries(Path logs) throws IOException {
        int total = 0;
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Matcher matcher = REDELIVERED.matcher(Files.readString(log));
                while (matcher.find()) {
                    total += Integer.parseInt(matcher.group(1));
                }
            }
        }
        return total;
    }

    private static int deadLetters(LocalSystem system) {
        int total = 0;
        for (String service : LocalSystem.SERVICES) {
            total += json(given().baseUri(system.url(service)).get("/dead-letters?status=ALL")).size();
        }
        return total;
    }
}
