package io.certlife.notifier.bench;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.notifier.TestEstate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes the benchmarks' {@code CertificateExpiring} events and reads their figures (percentiles). */
final class Bursts {

    private Bursts() {
    }

    /** One expiry notice (30 days, WARNING) per record, for new certificates on the servers in turn, keyed by event id. */
    static Map<String, ProducerRecord<String, String>> expiring(int count, List<String> servers) {
        Map<String, ProducerRecord<String, String>> records = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String certificateId = UUID.randomUUID().toString();
            CloudEvent<?> event = TestEstate.expiring(certificateId, "CN=bench-" + i, 30, 30,
                    new SlotRef(servers.get(i % servers.size()), ServiceKind.SMTP));
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVENTORY_EVENTS, certificateId, EventCodec.encode(event));
            record.headers().add(CloudEvent.CONTENT_TYPE_HEADER, CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            records.put(event.id(), record);
        }
        return records;
    }

    /**
     * Sends the records to {@code topic} (null: each record's own), {@code perSecond} a second (0: at once); returns each
     * key's send time (nanoTime).
     */
    static Map<String, Long> send(String bootstrap, Map<String, ProducerRecord<String, String>> records, String topic, int perSecond) {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        int i = 0;
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (Map.Entry<String, ProducerRecord<String, String>> e : records.entrySet()) {
                if (perSecond > 0) {
                    long at = start + i * 1_000_000_000L / perSecond;
                    while (System.nanoTime() < at) {
                        LockSupport.parkNanos(at - System.nanoTime());
                    }
                }
                i++;
                ProducerRecord<String, String> r = e.getValue();
                sent.put(e.getKey(), System.nanoTime());
                producer.send(topic == null ? r : new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers()));
            }
        }
        return sent;
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** Waits until every sent key has arrived or {@code atMost} passed. */
    static void await(Map<String, Long> sent, Map<String, Long> received, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!received.keySet().containsAll(sent.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Sorted milliseconds from send to arrival of the keys that arrived. */
    static long[] latencies(Map<String, Long> sent, Map<String, Long> received) {
        return sent.entrySet().stream().filter(e -> received.containsKey(e.getKey()))
                .mapToLong(e -> (received.get(e.getKey()) - e.getValue()) / 1_000_000).sorted().toArray();
    }

    /** Events per second from the first send to the last arrival. */
    static double rate(Map<String, Long> sent, Map<String, Long> received) {
        long first = sent.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long last = received.entrySet().stream().filter(e -> sent.containsKey(e.getKey())).mapToLong(Map.Entry::getValue).max().orElse(first);
        long arrived = received.keySet().stream().filter(sent::containsKey).count();
        return arrived / ((last - first) / 1e9);
    }

    static void print(String what, long[] latencies) {
        System.out.printf("  %-36s p50 %6d ms   p99 %6d ms   max %6d ms   (%d samples)%n", what, percentile(latencies, 50),
                percentile(latencies, 99), latencies.length == 0 ? -1 : latencies[latencies.length - 1], latencies.length);
    }

    static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
