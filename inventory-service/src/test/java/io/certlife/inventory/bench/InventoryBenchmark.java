package io.certlife.inventory.bench;

import io.agroal.api.AgroalDataSource;
import io.certlife.events.ServiceKind.TlsMode;
import io.certlife.events.ServiceKind;
import io.certlife.inventory.discovery.Endpoint;
import io.certlife.inventory.discovery.Prober;
import io.certlife.inventory.discovery.TlsProbe;
import io.certlife.inventory.pki.CertificateReader;
import io.certlife.inventory.service.ExpirySweep;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.CpuTime;
import io.certlife.testsupport.TestCertificates;
import io.certlife.testsupport.TlsTestServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks that print figures, never assert times (run: see the README). Each prints its subject beside a
 * baseline measured in the same run, and the ratio.
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@WithTestResource(CertlifeInfrastructure.class)
@Tag("benchmark")
class InventoryBenchmark {

    private static final String LADDER = "(values (60),(30),(14),(7),(3),(1),(0)) as l(days)";
    /** The sweep's own predicate, as a bare count: certificates whose current expiry notice is not yet emitted. */
    private static final String BARE_EXPIRY = """
            select count(*) from inventory.certificate c
            cross join lateral (select min(l.days) as threshold from %s
                                where c.not_after <= now() + l.days * interval '1 day') t
            where c.not_after <= now() + interval '60 days'
              and not exists (select 1 from inventory.certificate r where r.replaces_id = c.id)
              and not exists (select 1 from inventory.lifecycle_notice n where n.certificate_id = c.id
                              and n.notice = case when t.threshold = 0 then 'EXPIRED' else 'EXPIRING_' || t.threshold end)
            """.formatted(LADDER);
    private static final String BARE_RENEWAL = """
            select count(*) from inventory.certificate c
            where c.renewal_at <= now()
              and not exists (select 1 from inventory.certificate r where r.replaces_id = c.id)
              and not exists (select 1 from inventory.lifecycle_notice n where n.certificate_id = c.id and n.notice = 'RENEWAL_DUE')
            """;

    @Inject
    ExpirySweep sweep;

    @Inject
    Prober prober;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void expirySweep() throws Exception {
        int certificates = Integer.getInteger("bench.certificates", 1_000_000);
        long loadStarted = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            insertCertificates(sql, "bench", certificates, "now() + (i % 730) * interval '1 day' + interval '1 hour'");
            // steady state: every notice due so far was emitted by earlier sweeps, except one certificate in a thousand
            sql.execute("""
                    insert into inventory.lifecycle_notice (certificate_id, notice)
                    select c.id, case when t.threshold = 0 then 'EXPIRED' else 'EXPIRING_' || t.threshold end
                    from inventory.certificate c
                    cross join lateral (select min(l.days) as threshold from %s
                                        where c.not_after <= now() + l.days * interval '1 day') t
                    where t.threshold is not null and c.subject like 'CN=bench-%%' and right(c.subject, 3) <> '000'
                    """.formatted(LADDER));
            sql.execute("""
                    insert into inventory.lifecycle_notice (certificate_id, notice)
                    select c.id, 'RENEWAL_DUE' from inventory.certificate c
                    where c.renewal_at <= now() and c.subject like 'CN=bench-%' and right(c.subject, 3) <> '000'""");
            sql.execute("analyze");
        }
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

        long bareExpiry = median(() -> timeQuery(BARE_EXPIRY));
        long bareRenewal = median(() -> timeQuery(BARE_RENEWAL));
        long due = count(BARE_EXPIRY) + count(BARE_RENEWAL);

        // warm-up, as a long-running service is: 50 certificates that are due a year back are swept a year back
        // (the benchmark's own certificates are not due then), so every code path has run once; then they go.
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            insertCertificates(sql, "warm", 50, "now() - interval '360 days'");
        }
        sweep.sweep(Instant.now().minus(365, ChronoUnit.DAYS));
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("delete from inventory.lifecycle_notice where certificate_id in "
                    + "(select id from inventory.certificate where subject like 'CN=warm-%')");
            sql.execute("delete from inventory.certificate where subject like 'CN=warm-%'");
        }

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(heapBefore);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                Thread.onSpinWait();
            }
        });
        sampler.start();
        long started = System.nanoTime();
        ExpirySweep.Result result = sweep.sweep(Instant.now());
        long sweepNanos = System.nanoTime() - started;
        sampling.set(false);
        sampler.join();
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();

        long bare = bareExpiry + bareRenewal;
        System.out.printf("""

                === expiry sweep benchmark ===
                certificates in PostgreSQL        %,d (loaded in %.1f s)
                notices due (bare count)          %,d
                sweep emitted                     %,d expiring, %,d expired, %,d renewal due
                full sweep                        %,d ms   (target < 5000 ms)
                bare SQL, same predicate          %,d ms   (median of 3: expiry %d ms + renewal %d ms)
                ratio sweep / bare                %.2f    (target <= 3)
                heap before / peak during sweep   %,d MB / %,d MB (peak counts garbage not yet collected)
                heap retained after the sweep     %+,d MB (after GC; pages of certlife.expiry.page-size rows keep it flat)
                """, certificates, loadSeconds, due, result.expiring(), result.expired(), result.renewalDue(),
                sweepNanos / 1_000_000, bare / 1_000_000, bareExpiry / 1_000_000, bareRenewal / 1_000_000,
                (double) sweepNanos / bare, heapBefore >> 20, peak.get() >> 20, (heapAfter - heapBefore) >> 20);
    }

    /**
     * The API at a million certificates: {@code GET /certificates?expiringWithin=30d} and a search by name (a hundred
     * certificates per page, as the console and CLI ask), timed from a plain HTTP client, beside the same queries in bare
     * SQL over JDBC in the same run.
     */
    @Test
    void apiAtAMillionCertificates() throws Exception {
        int certificates = Integer.getInteger("bench.certificates", 1_000_000);
        int requests = 300;
        long loadStarted = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            insertCertificates(sql, "api", certificates, "now() + (i % 730) * interval '1 day' + interval '1 hour'");
            sql.execute("analyze");
        }
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        long stored = count("select count(*) from inventory.certificate");
        java.util.Random random = new java.util.Random(7);
        java.util.function.IntFunction<String> someName = i -> "api-" + (1 + random.nextInt(certificates / 10));
        String expiring = "/certificates?expiringWithin=30d&size=100";
        String bareExpiring = "select * from inventory.certificate where not_after <= now() + interval '30 days' order by not_after limit 100";
        String bareName = "select * from inventory.certificate where search_names like ? order by not_after limit 100";

        // both sides warmed up alike
        for (int i = 0; i < 100; i++) {
            get(expiring);
            get("/certificates?size=100&name=" + someName.apply(i));
            bare(bareExpiring, null);
            bare(bareName, "%" + someName.apply(i) + "%");
        }
        long[] apiExpiring = new long[requests];
        long[] apiName = new long[requests];
        long[] sqlExpiring = new long[requests];
        long[] sqlName = new long[requests];
        int found = 0;
        for (int i = 0; i < requests; i++) {
            String name = someName.apply(i);
            apiExpiring[i] = get(expiring)[0];
            long[] byName = get("/certificates?size=100&name=" + name);
            apiName[i] = byName[0];
            found += (int) byName[1];
            sqlExpiring[i] = bare(bareExpiring, null);
            sqlName[i] = bare(bareName, "%" + name + "%");
        }
        for (long[] times : List.of(apiExpiring, apiName, sqlExpiring, sqlName)) {
            Arrays.sort(times);
        }
        System.out.printf("""

                === the API at %,d certificates (%,d loaded in %.1f s), %d requests each, one after another ===
                GET %-40s p50 %5.1f ms  p99 %5.1f ms   (bare SQL p50 %5.1f ms  p99 %5.1f ms, %.1fx)
                GET %-40s p50 %5.1f ms  p99 %5.1f ms   (bare SQL p50 %5.1f ms  p99 %5.1f ms, %.1fx; %.1f found per search)
                target p99 under 100 ms each: %s
                """, stored, certificates, loadSeconds, requests,
                expiring, ms(apiExpiring, 50), ms(apiExpiring, 99), ms(sqlExpiring, 50), ms(sqlExpiring, 99),
                ms(apiExpiring, 99) / ms(sqlExpiring, 99),
                "/certificates?size=100&name=api-<n>", ms(apiName, 50), ms(apiName, 99), ms(sqlName, 50), ms(sqlName, 99),
                ms(apiName, 99) / ms(sqlName, 99), found / (double) requests,
                ms(apiExpiring, 99) < 100 && ms(apiName, 99) < 100 ? "met" : "NOT met");
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("delete from inventory.certificate where subject like 'CN=api-%'");
        }
    }

    /** GETs a path with a plain HTTP client; returns the nanoseconds it took and how many certificates it listed. */
    private static long[] get(String path) throws Exception {
        long started = System.nanoTime();
        java.net.http.HttpResponse<String> response = HTTP.send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + path))
                .header("Authorization", "Bearer " + io.certlife.testsupport.TestTokens.secret(io.certlife.testsupport.TestTokens.EVERYONE))
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - started;
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return new long[] {nanos, response.body().split("\"thumbprintSha1\"", -1).length - 1};
    }

    /** Runs a query over JDBC and reads every row; returns the nanoseconds it took. */
    private long bare(String query, String parameter) {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); java.sql.PreparedStatement statement = connection.prepareStatement(query)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int c = 1; c <= columns; c++) {
                        rows.getObject(c);
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - started;
    }

    private static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /**
     * A zip of EC certificates imported through {@code POST /certificates/bulk}, beside the bare parse loop (the same
     * files read by {@link CertificateReader}, nothing stored) in the same run.
     */
    @Test
    void bulkImport() throws Exception {
        int count = Integer.getInteger("bench.import", 10_000);
        java.security.KeyPair keys = TestCertificates.ecKeyPair();
        List<byte[]> files = new ArrayList<>(count);
        byte[] zipped = zip("import", count, keys, files);
        // both sides warmed up alike: the parse loop over the files twice, the import with another zip of the same size
        postZip(zip("warm-up", count, keys, new ArrayList<>()), 201);
        CertificateReader.Limits limits = new CertificateReader.Limits(10_000, 10_000, 1_000);
        for (int warm = 0; warm < 2; warm++) {
            for (byte[] file : files) {
                CertificateReader.read(file, null, limits);
            }
        }
        long parseStarted = System.nanoTime();
        for (byte[] file : files) {
            CertificateReader.read(file, null, limits);
        }
        long parseNanos = System.nanoTime() - parseStarted;

        CpuTime.Postgres postgres;
        try (Connection db = dataSource.getConnection()) {
            postgres = CpuTime.Postgres.of(db);
        }
        CpuTime.Span importSpan = CpuTime.start(postgres);
        long importStarted = System.nanoTime();
        postZip(zipped, 201);
        long importNanos = System.nanoTime() - importStarted;
        CpuTime.Used importCpu = importSpan.stop();
        CpuTime.Span againSpan = CpuTime.start(postgres);
        long againStarted = System.nanoTime();
        postZip(zipped, 200);
        long againNanos = System.nanoTime() - againStarted;
        CpuTime.Used againCpu = againSpan.stop();
        System.out.printf("""

                Bulk import, %,d EC P-256 certificates in a zip (%,d KB)
                                                      wall        rate                 CPU: request thread  PostgreSQL
                  POST /certificates/bulk             %,6d ms   %,6.0f certificates/s       %,6d ms     %,6d ms
                  the same zip again (all known)      %,6d ms   %,6.0f certificates/s       %,6d ms     %,6d ms
                  bare parse loop, same files         %,6d ms   %,6.0f certificates/s
                  ratio import / bare parse           %.2fx    (target >= 0.5)
                """, count, zipped.length >> 10, importNanos / 1_000_000, count / (importNanos / 1e9), requestThread(importCpu) / 1_000_000,
                importCpu.postgres() / 1_000_000, againNanos / 1_000_000, count / (againNanos / 1e9), requestThread(againCpu) / 1_000_000,
                againCpu.postgres() / 1_000_000, parseNanos / 1_000_000, count / (parseNanos / 1e9), (double) parseNanos / importNanos);
    }

    /** The CPU of the service's request threads (Quarkus' worker pool, where the import runs). */
    private static long requestThread(CpuTime.Used used) {
        return used.threads().getOrDefault("executor-thread-", 0L);
    }

    /** POSTs a zip to the bulk import with a plain HTTP client (the time is the service's, not a test library's). */
    private static void postZip(byte[] zip, int expected) throws Exception {
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + "/certificates/bulk"))
                .header("Content-Type", "application/zip")
                .header("Authorization", "Bearer " + io.certlife.testsupport.TestTokens.secret(io.certlife.testsupport.TestTokens.EVERYONE))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(zip)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != expected) {
            throw new AssertionError("bulk import answered HTTP " + response.statusCode() + ": " + new String(response.body()));
        }
    }

    /** A zip of {@code count} EC certificates named {@code name-i}; each file's bytes also go to {@code files}. */
    private static byte[] zip(String name, int count, java.security.KeyPair keys, List<byte[]> files) throws java.io.IOException {
        Instant now = Instant.now();
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(zipped)) {
            for (int i = 0; i < count; i++) {
                byte[] pem = TestCertificates.selfSigned(name + "-" + i + ".bench", List.of(name + "-" + i + ".bench"),
                        now.minus(1, ChronoUnit.DAYS), now.plus(100 + i % 300, ChronoUnit.DAYS), keys).pem()
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                files.add(pem);
                zip.putNextEntry(new java.util.zip.ZipEntry(name + "-" + i + ".pem"));
                zip.write(pem);
                zip.closeEntry();
            }
        }
        return zipped.toByteArray();
    }

    @Test
    void discoveryThroughput() throws Exception {
        discoveryThroughput("RSA-2048", TestCertificates.rsaKeyPair());
        discoveryThroughput("EC P-256", TestCertificates.ecKeyPair());
    }

    private void discoveryThroughput(String keyType, java.security.KeyPair serverKeys) throws Exception {
        int listeners = 50;
        int endpointsPerListener = Integer.getInteger("bench.probes-per-listener", 40);
        Instant now = Instant.now();
        var certificate = TestCertificates.selfSigned("bench.discovery", List.of("bench.discovery"),
                now.minus(1, ChronoUnit.DAYS), now.plus(300, ChronoUnit.DAYS), serverKeys);
        List<TlsTestServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < listeners; i++) {
                servers.add(TlsTestServer.start(TlsMode.IMPLICIT, certificate));
            }
            List<Endpoint> endpoints = new ArrayList<>();
            for (int round = 0; round < endpointsPerListener; round++) {
                for (TlsTestServer server : servers) {
                    endpoints.add(new Endpoint("127.0.0.1", "127.0.0.1", server.port(), TlsMode.IMPLICIT, null, null));
                }
            }
            prober.probeAll(endpoints.subList(0, 200)); // warm-up
            bareHandshakes(endpoints.subList(0, 200));

            // interleaved, best of two each, so that neither side profits from running second
            double probeRate = 0;
            double bareRate = 0;
            long ok = 0;
            long bareOk = 0;
            for (int round = 0; round < 2; round++) {
                long started = System.nanoTime();
                bareOk = bareHandshakes(endpoints);
                bareRate = Math.max(bareRate, endpoints.size() / ((System.nanoTime() - started) / 1e9));
                started = System.nanoTime();
                ok = prober.probeAll(endpoints).stream().filter(TlsProbe.Result::ok).count();
                probeRate = Math.max(probeRate, endpoints.size() / ((System.nanoTime() - started) / 1e9));
            }

            System.out.printf("""

                    === discovery benchmark, %s listeners ===
                    loopback TLS listeners            %d in this JVM (their signing shares the 2 cores), %,d endpoints, concurrency 32, full handshakes
                    discovery (probe + chain capture) %.0f endpoints/s (%d ok, best of 2)   (target >= 300/s)
                    bare SSLSocket handshake loop     %.0f handshakes/s (%d ok, best of 2)
                    ratio discovery / bare            %.2f
                    """, keyType, listeners, endpoints.size(), probeRate, ok, bareRate, bareOk, probeRate / bareRate);
        } finally {
            for (TlsTestServer server : servers) {
                server.close();
            }
        }
    }

    /** The floor: connect and handshake with the JDK's SSLSocket on 32 threads, nothing else. */
    private static long bareHandshakes(List<Endpoint> endpoints) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                results.add(pool.submit(() -> {
                    try (Socket plain = new Socket()) {
                        plain.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), 3000);
                        try (SSLSocket tls = (SSLSocket) TlsProbe.trustAll().getSocketFactory()
                                .createSocket(plain, endpoint.host(), endpoint.port(), false)) {
                            tls.startHandshake();
                            return tls.getSession().getPeerCertificates().length > 0;
                        }
                    }
                }));
            }
            long ok = 0;
            for (Future<Boolean> result : results) {
                ok += result.get() ? 1 : 0;
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Inserts {@code count} one-year certificates named {@code <name>-i}, expiring at {@code notAfter} (an SQL
     * expression of i), with the renewal time two thirds into their life, as the service would store them.
     */
    private static void insertCertificates(Statement sql, String name, int count, String notAfter) throws java.sql.SQLException {
        sql.execute("""
                insert into inventory.certificate (id, thumbprint_sha1, fingerprint_sha256, subject, common_name, issuer,
                    serial_number, subject_alt_names, not_before, not_after, key_algorithm, key_size, signature_algorithm,
                    self_signed, der, source, renewal_at, search_names)
                select gen_random_uuid(), upper(md5('%1$s-t' || i)), upper(md5('%1$s-f' || i) || md5('%1$s-g' || i)),
                    'CN=%1$s-' || i, '%1$s-' || i, 'CN=Bench CA', to_hex(i), array['%1$s-' || i],
                    na - interval '365 days', na, 'RSA', 2048, 'SHA256withRSA', false, '\\x00'::bytea, 'IMPORT',
                    na - interval '121 days', '%1$s-' || i || ' %1$s-' || i
                from (select i, %2$s as na from generate_series(1, %3$d) i) s""".formatted(name, notAfter, count));
    }

    private long timeQuery(String query) {
        long started = System.nanoTime();
        count(query);
        return System.nanoTime() - started;
    }

    private long count(String query) {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long median(java.util.function.LongSupplier run) {
        long[] times = {run.getAsLong(), run.getAsLong(), run.getAsLong()};
        Arrays.sort(times);
        return times[1];
    }
}
