package io.certlife.notifier.bench;

import io.certlife.embedded.EmbeddedKafkaBroker;
import io.certlife.events.EstateEntity;
import io.certlife.events.ServerRole;
import io.certlife.notifier.HttpReceiver;
import io.certlife.notifier.NotifierSinks;
import io.certlife.notifier.TestEstate;
import io.certlife.notifier.channel.webhook.WebhookChannel;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.CpuTime;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The notifier without grouping (every alert its own signed webhook), over the real broker and database: a burst's
 * throughput beside a bare pipeline doing the least the same work needs (consume a poll, write a row per event, commit,
 * POST one signed webhook per event to the same receiver), and a steady 100 events/s beside the bare Kafka round trip.
 * Prints figures, asserts no times.
 */
@QuarkusTest
@TestProfile(NotifierBenchmarkProfile.class)
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
@Tag("benchmark")
class NotifierBenchmark {

    private static final int BURST = Integer.getInteger("certlife.bench.events", 10_000);
    private static final int WARM_UP = Integer.getInteger("certlife.bench.warm-up", 5_000);
    private static final int RATE = 100;
    private static final Duration STEADY = Duration.ofSeconds(60);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @NotifierSinks.Sink
    HttpReceiver http;

    private final Config config = ConfigProvider.getConfig();
    private final String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private String hub;

    private CpuTime.Postgres postgres;

    @BeforeEach
    void estate() throws Exception {
        try (Connection db = connect()) {
            postgres = CpuTime.Postgres.of(db);
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TestEstate estate = new TestEstate(KafkaTestClient.fromConfig());
        // a team without email or chat, so that only the webhook rule below delivers
        estate.topology("TEAM", estate.team, new EstateEntity.Team(estate.team, null, null));
        estate.topology("SITE", estate.site, new EstateEntity.Site(estate.site, "UTC", estate.team));
        hub = estate.server("HUB" + suffix, "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        estate.routeTo("WEBHOOK", "ops-webhook");
        TestEstate.awaitApplied("SERVER", hub);
        for (String path : List.of("/hooks/ops", "/hooks/floor")) {
            http.handle(path, request -> {
                long now = System.nanoTime();
                Matcher id = ID.matcher(request.body());
                if (id.find()) {
                    received.put(id.group(1), now);
                }
                return HttpReceiver.Answer.of(200);
            });
        }
    }

    @Test
    void burstBesideTheBarePipeline() throws Exception {
        // warm-up, the same for both: with 500 events the JIT compiler threads still took about 30% of the 2 cores during
        // the notifier's measured burst (per-thread CPU from /proc); a running service has long compiled its paths
        notifier(Bursts.expiring(WARM_UP, List.of(hub)), 0);
        barePipeline(Bursts.expiring(WARM_UP, List.of(hub)));

        Instant burstStart = Instant.now();
        CpuTime.Span notifierSpan = CpuTime.start(postgres);
        Map<String, Long> notifierSent = notifier(Bursts.expiring(BURST, List.of(hub)), 0);
        CpuTime.Used notifierCpu = notifierSpan.stop();
        double notifierRate = Bursts.rate(notifierSent, received);
        double intakeSeconds = secondsUntilLastAlert(burstStart);
        long[] notifierLatencies = Bursts.latencies(notifierSent, received);
        CpuTime.Span floorSpan = CpuTime.start(postgres);
        Map<String, Long> floorSent = barePipeline(Bursts.expiring(BURST, List.of(hub)));
        CpuTime.Used floorCpu = floorSpan.stop();
        double floorRate = Bursts.rate(floorSent, received);

        System.out.printf("%nnotifier burst of %d CertificateExpiring events -> one signed webhook each (2 cores, embedded Kafka and "
                + "PostgreSQL, grouping off)%n", BURST);
        System.out.printf("  notifier end to end            %6.0f events/s (%d of %d arrived)%n", notifierRate,
                notifierLatencies.length, BURST);
        System.out.printf("  of which intake (event -> alert and ledger line committed) %6.0f events/s (last alert %.1f s after the "
                + "first event)%n", BURST / intakeSeconds, intakeSeconds);
        System.out.printf("  bare pipeline (poll, row per event, commit, signed POST per event, 8 senders) %6.0f events/s%n", floorRate);
        System.out.printf("  ratio %.2fx the bare pipeline; target at least 0.5x: %s%n", notifierRate / floorRate,
                notifierRate / floorRate >= 0.5 ? "met" : "NOT met");
        Bursts.print("event -> webhook received", notifierLatencies);
        System.out.printf("  CPU per event (this JVM runs the service, the broker, the receiver and the bare pipeline; threads that "
                + "ended are not counted)%n");
        System.out.printf("    %-44s %10s %10s%n", "", "notifier", "bare");
        System.out.printf("    %-44s %7.3f ms %7.3f ms%n", "all of this JVM", notifierCpu.jvm() / 1e6 / BURST, floorCpu.jvm() / 1e6 / BURST);
        System.out.printf("    %-44s %7.3f ms %7.3f ms%n", "PostgreSQL", notifierCpu.postgres() / 1e6 / BURST, floorCpu.postgres() / 1e6 / BURST);
        notifierCpu.threads().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> System.out.printf("    %-44s %7.3f ms %7.3f ms%n", "thread " + e.getKey(), e.getValue() / 1e6 / BURST,
                        floorCpu.threads().getOrDefault(e.getKey(), 0L) / 1e6 / BURST));
    }

    @Test
    void steadyHundredEventsASecond() throws Exception {
        notifier(Bursts.expiring(500, List.of(hub)), RATE); // warm-up
        int count = (int) (RATE * STEADY.toSeconds());
        long[] notifier = Bursts.latencies(notifier(Bursts.expiring(count, List.of(hub)), RATE), received);
        long[] bare = bareRoundTrip(Bursts.expiring(count, List.of(hub)));
        System.out.printf("%nnotifier steady state: %d events/s for %d s, publish -> signed webhook received (grouping off)%n", RATE,
                STEADY.toSeconds());
        Bursts.print("event -> webhook received", notifier);
        Bursts.print("bare Kafka produce -> consume", bare);
        System.out.printf("  p99 %d ms beside the bare round trip's %d ms; target p99 under 1000 ms: %s%n%n",
                Bursts.percentile(notifier, 99), Bursts.percentile(bare, 99), Bursts.percentile(notifier, 99) < 1000 ? "met" : "NOT met");
    }

    private Map<String, Long> notifier(Map<String, ProducerRecord<String, String>> records, int perSecond) throws InterruptedException {
        Map<String, Long> sent = Bursts.send(bootstrap, records, null, perSecond);
        Bursts.await(sent, received, Duration.ofMinutes(15));
        return sent;
    }

    /** Seconds from {@code since} until the newest alert was raised. */
    private double secondsUntilLastAlert(Instant since) throws Exception {
        try (Connection db = connect(); PreparedStatement last = db.prepareStatement("select max(created_at) from notifier.alert")) {
            ResultSet row = last.executeQuery();
            row.next();
            return Duration.between(since, row.getTimestamp(1).toInstant()).toMillis() / 1000.0;
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    /** The least the notifier's work needs, on the same broker, database and receiver; returns each event's send time. */
    private Map<String, Long> barePipeline(Map<String, ProducerRecord<String, String>> records) throws Exception {
        String topic = "certlife.bench.floor." + UUID.randomUUID();
        EmbeddedKafkaBroker.createTopics(bootstrap, List.of(topic), 1);
        String table = "notifier.bench_floor_" + UUID.randomUUID().toString().replace("-", "");
        String secret = NotifierSinks.WEBHOOK_SECRET;
        ExecutorService senders = Executors.newFixedThreadPool(8);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        HttpClient client = HttpClient.newHttpClient();
        try (Connection db = connect(); KafkaConsumer<String, String> consumer = consumer()) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("create table " + table + " (id text primary key, payload text not null, created_at timestamptz not null default now())");
            }
            db.setAutoCommit(false);
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Future<?> pipeline = loop.submit(() -> {
                int done = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (done < records.size() && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> poll = consumer.poll(Duration.ofMillis(100));
                    if (poll.isEmpty()) {
                        continue;
                    }
                    try (PreparedStatement insert = db.prepareStatement("insert into " + table + " (id, payload) values (?, ?)")) {
                        for (ConsumerRecord<String, String> r : poll) {
                            insert.setString(1, r.key());
                            insert.setString(2, r.value());
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        db.commit();
                    }
                    consumer.commitSync();
                    // one blocking POST per event on 8 threads, as the notifier's webhook lane sends
                    List<Future<HttpResponse<Void>>> posts = new ArrayList<>();
                    for (ConsumerRecord<String, String> r : poll) {
                        byte[] body = r.value().getBytes(StandardCharsets.UTF_8);
                        posts.add(senders.submit(() -> {
                            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
                            return client.send(HttpRequest.newBuilder(URI.create(http.url("/hooks/floor")))
                                    .header("Content-Type", "application/cloudevents+json")
                                    .header(WebhookChannel.TIMESTAMP_HEADER, timestamp)
                                    .header(WebhookChannel.SIGNATURE_HEADER, "sha256=" + WebhookChannel.sign(secret, timestamp, body))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                        }));
                    }
                    for (Future<HttpResponse<Void>> post : posts) {
                        post.get();
                    }
                    done += poll.count();
                }
                return null;
            });
            Map<String, Long> sent = Bursts.send(bootstrap, records, topic, 0);
            pipeline.get();
            try (Statement ddl = db.createStatement()) {
                ddl.execute("drop table " + table);
                db.commit();
            }
            return sent;
        } finally {
            loop.shutdownNow();
            senders.shutdownNow();
        }
    }

    /** Produce -> consume on a fresh topic, paced like the notifier's run; sorted milliseconds. */
    private long[] bareRoundTrip(Map<String, ProducerRecord<String, String>> records) throws Exception {
        String topic = "certlife.bench.roundtrip." + UUID.randomUUID();
        EmbeddedKafkaBroker.createTopics(bootstrap, List.of(topic), 1);
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Future<?> reader = loop.submit(() -> {
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (arrived.size() < records.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        Matcher id = ID.matcher(r.value());
                        if (id.find()) {
                            arrived.put(id.group(1), System.nanoTime());
                        }
                    }
                }
                return null;
            });
            Map<String, Long> sent = Bursts.send(bootstrap, records, topic, RATE);
            reader.get();
            return Bursts.latencies(sent, arrived);
        } finally {
            loop.shutdownNow();
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
