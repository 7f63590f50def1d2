package io.certlife.renewal.bench;

import io.certlife.delivery.Inbox;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.export.ExportService;
import io.certlife.renewal.messaging.InventoryEventsConsumer;
import io.certlife.renewal.pki.CertificateTemplate;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.PfxBuilder;
import io.certlife.renewal.pki.PfxProfile;
import io.certlife.renewal.pki.Pki;
import io.certlife.renewal.service.RenewalPlanner;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.CpuTime;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Renewals per second on one thread (per core), through the service's own path (plan, new key, sealing, the
 * database, the outbox; with and without a PFX export), beside the bare in-JVM crypto floor (key generation +
 * signing + encoding) and an {@code openssl req -x509 -newkey} loop measured in the same run; then the latency
 * from a RenewalDue on Kafka to its CertificateIssued. Also Bouncy Castle against the JDK providers for key
 * generation and signing. Prints figures, asserts no times.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@Tag("benchmark")
class RenewalBenchmark {

    private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("certlife.bench.seconds", 10));
    private static final int WARM_UP_OPERATIONS = Integer.getInteger("certlife.bench.warm-up-operations", 3000);
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(20);
    private static final int MIN_OPERATIONS = 200;
    private static final Duration SLICE = Duration.ofSeconds(1);
    /** Records per poll, as renewal-service's consumer takes them (max.poll.records). */
    private static final int POLL = 100;

    private static final com.sun.management.OperatingSystemMXBean JVM =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    @Inject
    RenewalPlanner planner;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** The PostgreSQL server this service uses, whose CPU time counts beside the JVM's. */
    private CpuTime.Postgres postgres;

    @Inject
    ExportService exports;

    @Inject
    Inbox inbox;

    @Inject
    InventoryEventsConsumer consumer;

    @Test
    void renewalsPerSecondBesideTheCryptoFloorAndOpenssl() throws Exception {
        System.out.printf("%nrenewal-service benchmark (one thread; %d s per measurement)%n", WINDOW.toSeconds());
        try (java.sql.Connection connection = dataSource.getConnection()) {
            postgres = CpuTime.Postgres.of(connection);
        }
        providers();
        for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.EC_P256)) {
            // RSA's key generation (about 0.1 s) dwarfs a transaction: its polls are measured one renewal at a time
            int poll = spec == KeySpec.RSA_2048 ? 1 : POLL;
            Rate[] plain = rates(MIN_OPERATIONS, () -> floorOnce(spec, false), () -> renewPoll(spec, poll));
            Rate[] withPfx = rates(MIN_OPERATIONS, () -> floorOnce(spec, true), () -> renewOnce(spec, true));
            double floor = plain[0].perSecond();
            double service = plain[1].perSecond();
            double floorPfx = withPfx[0].perSecond();
            double servicePfx = withPfx[1].perSecond();
            double openssl = openssl(spec);
            System.out.printf("%-9s floor %7.1f/s | service, %d per poll %7.1f/s (%.2fx floor) | floor+PFX %7.1f/s | service+PFX "
                            + "%7.1f/s (%.2fx floor+PFX) | openssl req -x509 %s | service vs openssl %s%n",
                    spec, floor, poll, service, service / floor, floorPfx, servicePfx, servicePfx / floorPfx,
                    openssl < 0 ? "n/a (no openssl on PATH)" : String.format("%7.1f/s", openssl),
                    openssl < 0 ? "n/a" : String.format("%.1fx", service / openssl));
            System.out.printf("          per renewal: floor %s%n                       service %s%n", plain[0].costs(),
                    plain[1].costs());
        }
        Rate[] ec = rates(MIN_OPERATIONS, () -> renewPoll(KeySpec.EC_P256, 1), () -> renewPoll(KeySpec.EC_P256, POLL));
        System.out.printf("EC_P256   a transaction per renewal %7.1f/s | a poll of %d per transaction %7.1f/s (%.1fx)%n",
                ec[0].perSecond(), POLL, ec[1].perSecond(), ec[1].perSecond() / ec[0].perSecond());
        System.out.printf("          per renewal: a transaction each %s%n                       a poll each %s%n",
                ec[0].costs(), ec[1].costs());
        latency(200);
    }

    /** Key generation and signing, JDK default providers against Bouncy Castle. */
    private void providers() throws Exception {
        Provider bc = new BouncyCastleProvider();
        for (String algorithm : List.of("RSA", "EC")) {
            double jdkGen = rate(() -> generator(algorithm, null).generateKeyPair());
            double bcGen = rate(() -> generator(algorithm, bc).generateKeyPair());
            KeyPair keys = generator(algorithm, null).generateKeyPair();
            String signature = algorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] tbs = new byte[1024];
            double jdkSign = rate(() -> sign(Signature.getInstance(signature), keys, tbs));
            double bcSign = rate(() -> sign(Signature.getInstance(signature, bc), keys, tbs));
            System.out.printf("%-3s keygen JDK %8.1f/s  BC %8.1f/s (%s faster) | sign JDK %8.1f/s  BC %8.1f/s (%s faster)%n",
                    algorithm, jdkGen, bcGen, jdkGen >= bcGen ? "JDK" : "BC", jdkSign, bcSign, jdkSign >= bcSign ? "JDK" : "BC");
        }
    }

    private static KeyPairGenerator generator(String algorithm, Provider provider) throws Exception {
        KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance(algorithm)
                : KeyPairGenerator.getInstance(algorithm, provider);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        } else {
            generator.initialize(2048, new SecureRandom());
        }
        return generator;
    }

    private static void sign(Signature signature, KeyPair keys, byte[] data) throws Exception {
        signature.initSign(keys.getPrivate());
        signature.update(data);
        signature.sign();
    }

    /** Key generation, signing and PEM encoding (and, with {@code pfx}, a MODERN PFX of key and certificate) in memory. */
    private static int floorOnce(KeySpec spec, boolean pfx) {
        KeyPair keys = Pki.generateKeyPair(spec);
        Instant now = Instant.now();
        var certificate = Pki.selfSigned(new CertificateTemplate("CN=bench", List.of("bench", "bench.contoso.com"), now,
                now.plus(365, ChronoUnit.DAYS), false, List.of(), List.of()), keys, spec);
        Pem.of(certificate);
        if (pfx) {
            PfxBuilder.build(keys.getPrivate(), certificate, List.of(), "bench", UUID.randomUUID().toString().toCharArray(), PfxProfile.MODERN);
        }
        return 1;
    }

    private int renewOnce(KeySpec spec, boolean pfx) {
        RenewalDueV1 due = due(spec, UUID.randomUUID().toString(), pfx);
        Renewal renewal = QuarkusTransaction.requiringNew().call(() -> planner.plan(due));
        if (pfx) {
            exports.create(renewal.newCertificateId, PfxProfile.MODERN, "bench-task", "benchmark");
        }
        return 1;
    }

    /** A poll of RenewalDue events through the consumer's own path (the inbox, one transaction for the poll). */
    private int renewPoll(KeySpec spec, int count) {
        List<Message<String>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(Message.of(EventCodec.encode(CloudEvent.create("/certlife/inventory", UUID.randomUUID().toString(),
                    due(spec, UUID.randomUUID().toString(), false), Clock.systemUTC()))));
        }
        inbox.receiveAll(consumer.name(), records, consumer.accepted(), consumer::apply).toCompletableFuture().join();
        return count;
    }

    private static RenewalDueV1 due(KeySpec spec, String id, boolean exportable) {
        Instant now = Instant.now();
        return new RenewalDueV1(new CertificateSummary(id, "A".repeat(40), "B".repeat(64), "CN=bench", "CN=bench", "01",
                List.of("bench", "bench.contoso.com"), now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS),
                spec.algorithm(), spec.size(), spec.signatureAlgorithm(), true), 2, now, List.of(new SlotRef("bench", ServiceKind.SMTP)),
                exportable, RenewalRequirements.NONE);
    }

    /** {@code openssl req -x509 -newkey} in a loop, as an operator's script would make self-signed certificates. */
    private double openssl(KeySpec spec) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-newkey"));
        command.addAll(spec == KeySpec.RSA_2048 ? List.of("rsa:2048") : List.of("ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
        command.addAll(List.of("-keyout", "/dev/null", "-out", "/dev/null", "-subj", "/CN=bench", "-days", "365"));
        try {
            new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor();
        } catch (java.io.IOException e) {
            return -1;
        }
        return rate(() -> new ProcessBuilder(command).redirectOutput(new File("/dev/null")).redirectErrorStream(true).start().waitFor());
    }

    /** p50/p99 from RenewalDue on Kafka to CertificateIssued on Kafka, EC P-256 self-signed, sent one every 20 ms. */
    private void latency(int count) throws Exception {
        KafkaTestClient kafka = KafkaTestClient.fromConfig();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.RENEWAL_EVENTS));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Thread sender = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    String id = UUID.randomUUID().toString();
                    sent.put(id, System.nanoTime());
                    kafka.sendEvent(CloudEvent.create("/certlife/inventory", id, due(KeySpec.EC_P256, id, false), Clock.systemUTC()));
                }
            });
            sender.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (latencies.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.nanoTime();
                    if (record.value().contains("io.certlife.certificate.issued.v1")) {
                        String replaces = ((io.certlife.events.CertificateIssuedV1) EventCodec.decode(record.value()).data())
                                .replacesCertificateId();
                        Long start = sent.get(replaces);
                        if (start != null) {
                            latencies.add((received - start) / 1_000_000);
                        }
                    }
                }
            }
            sender.join();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RenewalDue -> CertificateIssued on Kafka (EC P-256, self-signed, %d renewals sent back to back): "
                        + "p50 %d ms, p99 %d ms, max %d ms%n%n", sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Operations per second of {@code work} on this thread over {@link #WINDOW}, after {@link #warmUp}. */
    private double rate(Step step) throws Exception {
        return rates(1, () -> {
            step.run();
            return 1;
        })[0].perSecond();
    }

    /**
     * Operations per second of each work (a baseline and the service's path), after {@link #warmUp}, measured in
     * alternating one-second slices (so that whatever else the machine does weighs on all alike) until each has run
     * for {@link #WINDOW} and at least {@code minimumOperations} times (RSA key generation varies widely from key to
     * key).
     */
    private Rate[] rates(int minimumOperations, Work... works) throws Exception {
        for (Work work : works) {
            warmUp(work);
        }
        long[] nanos = new long[works.length];
        long[] jvmCpu = new long[works.length];
        long[] postgresCpu = new long[works.length];
        int[] done = new int[works.length];
        while (!measured(nanos, done, minimumOperations)) {
            for (int i = 0; i < works.length; i++) {
                long jvmBefore = JVM.getProcessCpuTime();
                long postgresBefore = postgres.nanos();
                long start = System.nanoTime();
                long end = start + SLICE.toNanos();
                while (System.nanoTime() < end) {
                    done[i] += works[i].run();
                }
                nanos[i] += System.nanoTime() - start;
                jvmCpu[i] += JVM.getProcessCpuTime() - jvmBefore;
                postgresCpu[i] += postgres.nanos() - postgresBefore;
            }
        }
        Rate[] rates = new Rate[works.length];
        for (int i = 0; i < works.length; i++) {
            rates[i] = new Rate(done[i] / (nanos[i] / 1e9), nanos[i] / 1e6 / done[i], jvmCpu[i] / 1e6 / done[i],
                    postgresCpu[i] / 1e6 / done[i]);
        }
        return rates;
    }

    /** Operations per second, and per operation the wall time, this JVM's CPU time and PostgreSQL's, in ms. */
    private record Rate(double perSecond, double wallMs, double jvmCpuMs, double postgresCpuMs) {
        String costs() {
            return String.format("%.3f ms wall, %.3f ms CPU here, %.3f ms CPU in PostgreSQL", wallMs, jvmCpuMs, postgresCpuMs);
        }
    }

    private static boolean measured(long[] nanos, int[] done, int minimumOperations) {
        for (int i = 0; i < nanos.length; i++) {
            if (nanos[i] < WINDOW.toNanos() || done[i] < minimumOperations) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same warm-up for every measurement: at least {@link #WARM_UP_OPERATIONS} operations (the JIT compiles the
     * service's persistence path only after a few thousand calls; a fast in-memory floor gets there in well under a
     * second) and at least 2 s, at most {@link #WARM_UP_LIMIT} (slow RSA key generation).
     */
    private static void warmUp(Work work) throws Exception {
        long started = System.nanoTime();
        long minimum = started + Duration.ofSeconds(2).toNanos();
        long limit = started + WARM_UP_LIMIT.toNanos();
        for (int warmed = 0; System.nanoTime() < limit && (warmed < WARM_UP_OPERATIONS || System.nanoTime() < minimum); ) {
            warmed += work.run();
        }
    }

    /** One operation of a baseline. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** One step of a measured path; returns how many operations (renewals) it did. */
    @FunctionalInterface
    private interface Work {
        int run() throws Exception;
    }
}
