package io.certlife.notifier.bench;

import static io.restassured.RestAssured.given;

import io.certlife.embedded.EmbeddedKafkaBroker;
import io.certlife.events.CloudEvent;
import io.certlife.events.EstateEntity;
import io.certlife.events.EventCodec;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.notifier.HttpReceiver;
import io.certlife.notifier.NotifierSinks;
import io.certlife.notifier.TestEstate;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Alert latency: a burst of events published to Kafka at once, each timed from its send to the moment the
 * signed webhook request reaches a local HTTP server; beside it the bare produce-to-consume round trip of
 * the same burst on the same broker, measured in the same run. Prints figures, asserts no times.
 */
@QuarkusTest
@TestProfile(NotifierBenchmarkProfile.class)
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
@Tag("benchmark")
class AlertLatencyBenchmark {

    private static final int BURST = Integer.getInteger("certlife.bench.events", 10_000);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @NotifierSinks.Sink
    HttpReceiver http;

    private final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    @Test
    void eventToWebhookBesideTheBareKafkaRoundTrip() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TestEstate estate = new TestEstate(KafkaTestClient.fromConfig());
        // a team without email or chat, so that only the webhook rule below delivers
        estate.topology("TEAM", estate.team, new EstateEntity.Team(estate.team, null, null));
        estate.topology("SITE", estate.site, new EstateEntity.Site(estate.site, "UTC", estate.team));
        String hub = estate.server("HUB" + suffix, "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT);
        estate.routeTo("WEBHOOK", "ops-webhook");
        TestEstate.awaitApplied("SERVER", hub);

        Map<String, Long> received = new ConcurrentHashMap<>();
        http.handle("/hooks/ops", request -> {
            long now = System.nanoTime();
            Matcher id = ID.matcher(request.body());
            if (id.find()) {
                received.put(id.group(1), now);
            }
            return HttpReceiver.Answer.of(200);
        });

        measureNotifier(hub, 500, received);                       // warm-up: JIT, pools, caches
        long[] notifier = measureNotifier(hub, BURST, received);
        long[] bare = measureBareRoundTrip(BURST);

        System.out.printf("%nnotifier alert latency, burst of %d CertificateExpiring events -> signed webhook (2 cores, embedded Kafka and PostgreSQL)%n", BURST);
        print("event -> webhook received", notifier);
        print("bare Kafka produce -> consume", bare);
        System.out.printf("ratio p50 %.1fx, p99 %.1fx; target p99 < 1000 ms: %s%n%n", percentile(notifier, 50) / (double) percentile(bare, 50),
                percentile(notifier, 99) / (double) percentile(bare, 99), percentile(notifier, 99) < 1000 ? "met" : "NOT met");
    }

    private long[] measureNotifier(String hub, int count, Map<String, Long> received) throws InterruptedException {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String certificateId = UUID.randomUUID().toString();
            CloudEvent<?> event = TestEstate.expiring(certificateId, "CN=bench-" + i, 30, 30, new SlotRef(hub, ServiceKind.SMTP));
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVENTORY_EVENTS, certificateId, EventCodec.encode(event));
            record.headers().add(CloudEvent.CONTENT_TYPE_HEADER, CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            records.add(record);
            sent.put(event.id(), 0L);
        }
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            for (ProducerRecord<String, String> record : records) {
                Matcher id = ID.matcher(record.value());
                id.find();
                sent.put(id.group(1), System.nanoTime());
                producer.send(record);
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (!received.keySet().containsAll(sent.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long elapsed = System.nanoTime() - start;
        long[] latencies = sent.entrySet().stream().filter(e -> received.containsKey(e.getKey()))
                .mapToLong(e -> (received.get(e.getKey()) - e.getValue()) / 1_000_000).sorted().toArray();
        if (count == BURST) {
            System.out.printf("%n%d of %d alerts arrived in %.1f s (%.0f events/s)%n", latencies.length, count, elapsed / 1e9,
                    latencies.length / (elapsed / 1e9));
        }
        return latencies;
    }

    private long[] measureBareRoundTrip(int count) {
        String topic = "certlife.bench.roundtrip." + UUID.randomUUID();
        EmbeddedKafkaBroker.createTopics(bootstrap, List.of(topic), 1);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>(count);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props); KafkaProducer<String, String> producer = producer()) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            String payload = "x".repeat(800);
            for (int i = 0; i < count; i++) {
                String key = Integer.toString(i);
                sent.put(key, System.nanoTime());
                producer.send(new ProducerRecord<>(topic, key, payload));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (latencies.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    latencies.add((System.nanoTime() - sent.get(record.key())) / 1_000_000);
                }
            }
        }
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static void print(String what, long[] latencies) {
        System.out.printf("  %-32s p50 %6d ms   p99 %6d ms   max %6d ms   (%d samples)%n", what, percentile(latencies, 50),
                percentile(latencies, 99), latencies.length == 0 ? -1 : latencies[latencies.length - 1], latencies.length);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
