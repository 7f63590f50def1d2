package io.certlife.local;

import static io.restassured.RestAssured.given;

import io.certlife.testsupport.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mass renewal through the packaged services, as a CA distrust would cause one: {@code bench.certificates} (10,000)
 * EC P-256 self-signed certificates, each bound to a service on one of a quarter as many servers, all due at the same
 * sweep. Measures the time from the sweep until every replacement is issued (renewal-service), registered (inventory)
 * and has its tasks (notifier), and sets the whole pipeline's rate beside renewal-service's own issuing rate in the
 * same run (its renewals from the first one planned to the last one issued). Prints figures, asserts no time (run: see
 * the README).
 */
@Tag("benchmark")
class MassRenewalBenchmark {

    private static final String[] SERVICES = {"IIS", "SMTP", "POP", "IMAP"};
    private static final String ISSUED = "select count(*) from renewal.renewal where state = 'ISSUED'";
    private static final String REGISTERED = "select count(*) from inventory.certificate where replaces_id is not null";
    private static final String TASKED = "select count(distinct replaces_certificate_id) from notifier.operator_task";

    @RegisterExtension
    static final LocalSystemExtension LOCAL = new LocalSystemExtension();

    @Test
    void tenThousandCertificatesDueAtOnce() throws Exception {
        int count = Integer.getInteger("bench.certificates", 10_000);
        LocalSystem system = LOCAL.system();
        String inventory = system.url("inventory-service");

        // the estate: certificates a year old with 65 days left (past their renewal time, short of any expiry notice),
        // imported while the sweep is off, then bound to their slots
        long setUp = System.nanoTime();
        KeyPair keys = TestCertificates.ecKeyPair();
        Instant now = Instant.now();
        List<String> thumbprints = new ArrayList<>(count);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            for (int i = 0; i < count; i++) {
                String name = "mass-" + i + ".bench.example";
                TestCertificates.Issued certificate = TestCertificates.selfSigned(name, List.of(name),
                        now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS), keys);
                thumbprints.add(certificate.thumbprintSha1());
                zip.putNextEntry(new ZipEntry("mass-" + i + ".pem"));
                zip.write(certificate.pem().getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        long imported = System.nanoTime();
        given().baseUri(inventory).contentType("application/zip").body(zipped.toByteArray()).post("/certificates/bulk").then()
                .statusCode(201);
        double importSeconds = (System.nanoTime() - imported) / 1e9;
        List<Map<String, Object>> servers = new ArrayList<>();
        List<Map<String, Object>> bindings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String server = "mass-" + i / SERVICES.length + ".bench.example";
            if (i % SERVICES.length == 0) {
                servers.add(Map.of("fqdn", server, "site", "Bench", "roles", List.of("CLIENT_ACCESS", "HUB_TRANSPORT"),
                        "os", "WINDOWS_SERVER_2019"));
            }
            bindings.add(Map.of("server", server, "service", SERVICES[i % SERVICES.length], "thumbprint", thumbprints.get(i)));
        }
        Map<String, Object> estate = new LinkedHashMap<>();
        estate.put("sites", List.of(Map.of("name", "Bench", "timeZone", "UTC")));
        estate.put("servers", servers);
        estate.put("bindings", bindings);
        long bound = System.nanoTime();
        given().baseUri(inventory).contentType("application/json").body(estate).post("/estate/import").then().statusCode(200);
        System.out.printf("%nMass renewal: %,d EC P-256 self-signed certificates on %,d servers, set up in %.1f s (bulk import"
                        + " %.1f s, estate import of the servers and bindings %.1f s)%n", count, servers.size(),
                (System.nanoTime() - setUp) / 1e9, importSeconds, (System.nanoTime() - bound) / 1e9);

        // the moment they become due: one sweep emits every RenewalDue
        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), "postgres", "")) {
            Instant start = Instant.now();
            int due = given().baseUri(inventory).post("/expiry-sweeps").then().statusCode(200).extract().path("renewalDue");
            Instant swept = Instant.now();
            Instant issued = null;
            Instant registered = null;
            Instant tasked = null;
            Instant deadline = start.plus(Duration.ofMinutes(Integer.getInteger("bench.minutes", 30)));
            while ((issued == null || registered == null || tasked == null) && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                if (issued == null && count(db, ISSUED) >= count) {
                    issued = Instant.now();
                }
                if (registered == null && count(db, REGISTERED) >= count) {
                    registered = Instant.now();
                }
                if (tasked == null && count(db, TASKED) >= count) {
                    tasked = Instant.now();
                }
            }
            Timestamp[] renewalSpan = span(db, "select min(created_at), max(issued_at) from renewal.renewal where state = 'ISSUED'");
            Timestamp firstTask = span(db, "select min(created_at), max(created_at) from notifier.operator_task")[0];
            long renewals = count(db, ISSUED);
            long registeredCount = count(db, REGISTERED);
            long tasks = count(db, "select count(*) from notifier.operator_task");
            long taskedCount = count(db, TASKED);
            long other = count(db, "select count(*) from renewal.renewal where state <> 'ISSUED'");

            double renewalSeconds = seconds(renewalSpan[0].toInstant(), renewalSpan[1].toInstant());
            double renewalRate = renewals / renewalSeconds;
            System.out.printf("""
                    RenewalDue emitted by one sweep            %,d in %.1f s
                    issued by renewal-service                  %,d of %,d (%,d in another state)  %s
                    registered by inventory                    %,d  %s
                    with tasks in the notifier                 %,d (%,d tasks, first %s after the sweep)  %s
                    renewal-service's own rate (first renewal planned -> last issued, %.1f s)   %,.0f renewals/s
                    """, due, seconds(start, swept), renewals, count, other, after(start, issued), registeredCount,
                    after(start, registered), taskedCount, tasks, after(start, firstTask == null ? null : firstTask.toInstant()),
                    after(start, tasked), renewalSeconds, renewalRate);
            if (issued == null || registered == null || tasked == null) {
                System.out.printf("  the pipeline did not finish within the %s: NOT met%n", Duration.between(start, deadline));
                return;
            }
            Instant done = java.util.Collections.max(List.of(issued, registered, tasked));
            double pipelineRate = count / seconds(start, done);
            System.out.printf("  the whole pipeline (sweep -> the last stage done, %.1f s)   %,.0f renewals/s%n"
                            + "  pipeline / renewal-service: %.2fx; target at least 0.5x -> %s%n",
                    seconds(start, done), pipelineRate, pipelineRate / renewalRate, pipelineRate / renewalRate >= 0.5 ? "met" : "NOT met");
        }
    }

    private static long count(Connection db, String query) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Timestamp[] span(Connection db, String query) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return new Timestamp[] {rows.getTimestamp(1), rows.getTimestamp(2)};
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String after(Instant start, Instant at) {
        return at == null ? "not reached" : String.format("%.1f s", seconds(start, at));
    }
}
