package io.certlife.local;

import static io.restassured.RestAssured.given;

import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's Attention and Estate pages rendered on the server over the packaged services with 100,000 certificates
 * (bench.certificates), 500 servers and 2,000 bound slots in inventory: each page's median and p99 beside the service
 * API calls it makes, timed the same way in the same run (one after another: the baseline; the slowest alone: the floor
 * for a page that makes them at once), and the ratio. Prints figures, asserts no time (run: see the
 * README).
 */
@Tag("benchmark")
class ConsoleBenchmark {

    private static final int SERVERS = 500;
    private static final int RUNS = 40;
    private static final int WARM_UP = 10;

    @RegisterExtension
    static final LocalSystemExtension LOCAL = new LocalSystemExtension();

    @Test
    void attentionAndEstateAtAHundredThousandCertificates() throws Exception {
        int certificates = Integer.getInteger("bench.certificates", 100_000);
        LocalSystem system = LOCAL.system();
        long loading = System.nanoTime();
        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), "postgres", ""); Statement sql = db.createStatement()) {
            sql.execute("insert into inventory.site (name, time_zone) values ('Bench', 'UTC')");
            sql.execute("""
                    insert into inventory.server (fqdn, host_name, site_name, roles, internet_facing, os)
                    select 'bench-' || i || '.example', 'bench-' || i, 'Bench',
                        case when i %% 2 = 0 then array['CLIENT_ACCESS'] else array['HUB_TRANSPORT'] end, false, 'WINDOWS_SERVER_2019'
                    from generate_series(1, %d) i""".formatted(SERVERS));
            // expiries spread over two years from now, renewal at two thirds of a year's life
            sql.execute("""
                    insert into inventory.certificate (id, thumbprint_sha1, fingerprint_sha256, subject, common_name, issuer,
                        serial_number, subject_alt_names, not_before, not_after, key_algorithm, key_size, signature_algorithm,
                        self_signed, der, source, renewal_at)
                    select gen_random_uuid(), upper(md5('bench-t' || i)), upper(md5('bench-f' || i) || md5('bench-g' || i)),
                        'CN=bench-' || i, 'bench-' || i, 'CN=Bench CA ' || (i %% 5), to_hex(i), array['bench-' || i || '.example'],
                        na - interval '365 days', na, 'RSA', 2048, 'SHA256withRSA', false, '\\\\x00'::bytea, 'IMPORT',
                        na - interval '121 days'
                    from (select i, now() + (i %% 730) * interval '1 day' + interval '1 hour' as na
                          from generate_series(1, %d) i) s""".formatted(certificates));
            sql.execute("""
                    insert into inventory.slot (server_fqdn, service, certificate_id)
                    select 'bench-' || ((rn - 1) / 4 + 1) || '.example', (array['IIS', 'SMTP', 'POP', 'IMAP'])[(rn - 1) %% 4 + 1], id
                    from (select id, row_number() over (order by id) as rn from inventory.certificate
                          where common_name like 'bench-%%' limit %d) c""".formatted(SERVERS * 4));
            sql.execute("analyze inventory.certificate");
            sql.execute("analyze inventory.slot");
        }
        System.out.printf("%nConsole benchmark: %,d certificates, %d servers, %d slots loaded in %.1f s%n", certificates, SERVERS,
                SERVERS * 4, (System.nanoTime() - loading) / 1e9);

        String console = system.url(LocalSystem.CONSOLE);
        String session = given().config(RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig().followRedirects(false)))
                .baseUri(console).formParam("token", system.adminToken()).post("/sign-in").then().statusCode(303).extract()
                .cookie("certlife_session");
        String inventory = system.url("inventory-service");
        String renewal = system.url("renewal-service");
        String notifier = system.url("notifier-service");

        Map<String, Supplier<Integer>> attentionCalls = new LinkedHashMap<>();
        attentionCalls.put("renewal GET /renewals", api(renewal, "/renewals"));
        attentionCalls.put("inventory GET /certificates?size=1000&expiringWithin=P30D",
                api(inventory, "/certificates?size=1000&expiringWithin=P30D"));
        attentionCalls.put("inventory GET /findings", api(inventory, "/findings"));
        attentionCalls.put("notifier GET /tasks", api(notifier, "/tasks"));
        attentionCalls.put("notifier GET /deliveries?status=FAILED&limit=100", api(notifier, "/deliveries?status=FAILED&limit=100"));
        attentionCalls.put("inventory GET /last-runs", api(inventory, "/last-runs"));
        report("Attention (GET /)", page(console, "/", session), attentionCalls);

        Map<String, Supplier<Integer>> estateCalls = new LinkedHashMap<>();
        for (int page = 0; page <= SERVERS * 4 / 1000; page++) {
            estateCalls.put("inventory GET /certificates?inUse=true&size=1000&page=" + page,
                    api(inventory, "/certificates?inUse=true&size=1000&page=" + page));
        }
        estateCalls.put("inventory GET /discovery/observations", api(inventory, "/discovery/observations?size=1000&page=0"));
        estateCalls.put("inventory GET /sites", api(inventory, "/sites"));
        estateCalls.put("inventory GET /servers", api(inventory, "/servers"));
        estateCalls.put("inventory GET /bindings", api(inventory, "/bindings"));
        estateCalls.put("inventory GET /certificates/summary?weeks=52", api(inventory, "/certificates/summary?weeks=52"));
        report("Estate (GET /estate)", page(console, "/estate", session), estateCalls);
    }

    private static Supplier<Integer> page(String console, String path, String session) {
        return () -> given().baseUri(console).cookie("certlife_session", session).get(path).then().statusCode(200).extract()
                .asByteArray().length;
    }

    private static Supplier<Integer> api(String service, String path) {
        return () -> given().baseUri(service).get(path).then().statusCode(200).extract().asByteArray().length;
    }

    /** Times the page and, interleaved, each call it makes; prints medians, p99s, sizes and the ratios. */
    private static void report(String name, Supplier<Integer> page, Map<String, Supplier<Integer>> calls) {
        List<long[]> callTimes = new ArrayList<>();
        calls.values().forEach(c -> callTimes.add(new long[RUNS]));
        long[] pageTimes = new long[RUNS];
        int pageBytes = 0;
        for (int run = -WARM_UP; run < RUNS; run++) {
            long started = System.nanoTime();
            pageBytes = page.get();
            long took = System.nanoTime() - started;
            if (run >= 0) {
                pageTimes[run] = took;
            }
            int i = 0;
            for (Supplier<Integer> call : calls.values()) {
                started = System.nanoTime();
                call.get();
                took = System.nanoTime() - started;
                if (run >= 0) {
                    callTimes.get(i)[run] = took;
                }
                i++;
            }
        }
        System.out.printf("%n%s: median %.1f ms, p99 %.1f ms, %,d bytes of HTML%n", name, ms(pageTimes, 50), ms(pageTimes, 99),
                pageBytes);
        double sumMedian = 0;
        double sumP99 = 0;
        double slowest = 0;
        int i = 0;
        for (String call : calls.keySet()) {
            long[] times = callTimes.get(i++);
            sumMedian += ms(times, 50);
            sumP99 += ms(times, 99);
            slowest = Math.max(slowest, ms(times, 50));
            System.out.printf("  %-70s median %7.1f ms, p99 %7.1f ms%n", call, ms(times, 50), ms(times, 99));
        }
        System.out.printf("  %-70s median %7.1f ms, p99 %7.1f ms%n", "the calls one after another (baseline)", sumMedian, sumP99);
        System.out.printf("  %-70s median %7.1f ms%n", "the slowest call alone (the floor for calls made at once)", slowest);
        System.out.printf("  page / baseline: median %.2fx, p99 %.2fx; target: the page under 300 ms -> %s%n",
                ms(pageTimes, 50) / sumMedian, ms(pageTimes, 99) / sumP99, ms(pageTimes, 99) < 300 ? "met (p99)"
                        : ms(pageTimes, 50) < 300 ? "met at the median, not at p99" : "NOT met");
    }

    private static double ms(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
