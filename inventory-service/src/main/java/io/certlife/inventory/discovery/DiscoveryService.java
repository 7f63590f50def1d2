package io.certlife.inventory.discovery;

import io.certlife.inventory.Certificate;
import io.certlife.inventory.Server;
import io.certlife.inventory.Slot;
import io.certlife.inventory.config.DiscoveryConfig;
import io.certlife.events.ServiceKind;
import io.certlife.inventory.service.CertificateService;
import io.certlife.inventory.service.FindingsService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import java.io.StringWriter;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Probes TLS endpoints, from the estate's slots (server FQDN and the service's port) and from ad-hoc
 * targets, with bounded concurrency and a timeout per endpoint. What is served is imported, recorded,
 * and compared with the slot's intended certificate: a pending replacement seen served becomes the
 * intended one; anything else served is a {@code SERVED_CERTIFICATE_MISMATCH} finding.
 */
@ApplicationScoped
public class DiscoveryService {

    private static final Logger LOG = Logger.getLogger(DiscoveryService.class);

    /** What to probe: the slots, explicit host:port targets, and a CIDR range on the given ports. */
    public record Request(boolean slots, List<String> targets, String cidr, List<Integer> ports) {
    }

    /** What one endpoint served. */
    public record EndpointReport(String endpoint, String server, String service, String thumbprintSha1,
                                 String subject, Boolean matchesIntended, String error) {
    }

    /** What a discovery run saw. */
    public record Report(int probed, int reachable, List<EndpointReport> endpoints) {
    }

    @Inject
    DiscoveryConfig config;

    @Inject
    CertificateService certificates;

    @Inject
    FindingsService findings;

    @Inject
    EntityManager entityManager;

    @Inject
    CrlReachability crls;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    @Inject
    DataSource dataSource;

    @Scheduled(every = "${certlife.discovery.interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() throws SQLException {
        // One replica at a time probes the estate: a session advisory lock held for the run (on-demand runs are not limited).
        try (Connection connection = dataSource.getConnection()) {
            if (!advisoryLock(connection, "select pg_try_advisory_lock(hashtext('certlife.discovery'))")) {
                LOG.debug("Discovery: another replica is running the scheduled discovery");
                return;
            }
            try {
                Report report = discover(new Request(true, List.of(), null, List.of()));
                LOG.infof("Discovery: %d endpoints probed, %d answered with TLS", report.probed(), report.reachable());
            } finally {
                advisoryLock(connection, "select pg_advisory_unlock(hashtext('certlife.discovery'))");
            }
        }
    }

    private static boolean advisoryLock(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() && result.getBoolean(1);
        }
    }

    public Report discover(Request request) {
        List<Endpoint> endpoints = new ArrayList<>();
        if (request.slots()) {
            endpoints.addAll(QuarkusTransaction.requiringNew().call(DiscoveryService::slotEndpoints));
        }
        for (String target : Optional.ofNullable(request.targets()).orElse(List.of())) {
            endpoints.add(parseTarget(target));
        }
        if (request.cidr() != null && !request.cidr().isBlank()) {
            List<Integer> ports = request.ports() == null || request.ports().isEmpty() ? List.of(443) : request.ports();
            for (String address : Cidr.expand(request.cidr(), config.maxCidrAddresses())) {
                ports.forEach(port -> endpoints.add(new Endpoint(address, address, port, Endpoint.modeForPort(port), null, null)));
            }
        }
        Timer.Sample sample = Timer.start(meters);
        List<TlsProbe.Result> results = probeAll(endpoints);
        List<EndpointReport> reports = new ArrayList<>(results.size());
        for (TlsProbe.Result result : results) {
            reports.add(QuarkusTransaction.requiringNew().call(() -> record(result)));
        }
        if (request.slots()) {
            checkCrls();
        }
        sample.stop(meters.timer("certlife.discovery"));
        return new Report(results.size(), (int) results.stream().filter(TlsProbe.Result::ok).count(), reports);
    }

    /**
     * Fetches the HTTP CRL distribution points of the certificates the slots intend, records the outcome,
     * and re-evaluates the findings of certificates whose CRL reachability changed.
     */
    void checkCrls() {
        @SuppressWarnings("unchecked")
        List<String> urls = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                        select distinct unnest(c.crl_distribution_points) from {h-schema}certificate c
                        where exists (select 1 from {h-schema}slot s where not s.retired
                                      and (s.certificate_id = c.id or s.pending_certificate_id = c.id))""")
                .getResultList());
        Map<String, CrlReachability.Check> checks = crls.check(new java.util.HashSet<>(urls));
        if (checks.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            List<String> changed = new ArrayList<>();
            for (Map.Entry<String, CrlReachability.Check> check : checks.entrySet()) {
                int updated = entityManager.createNativeQuery("""
                                insert into {h-schema}crl_check (url, reachable, detail, checked_at)
                                values (:url, :reachable, :detail, :at)
                                on conflict (url) do update set detail = excluded.detail, checked_at = excluded.checked_at,
                                  reachable = excluded.reachable
                                where crl_check.reachable is distinct from excluded.reachable """)
                        .setParameter("url", check.getKey())
                        .setParameter("reachable", check.getValue().reachable())
                        .setParameter("detail", check.getValue().detail())
                        .setParameter("at", java.time.OffsetDateTime.now(clock))
                        .executeUpdate();
                if (updated > 0) {
                    changed.add(check.getKey());
                }
            }
            if (!changed.isEmpty()) {
                @SuppressWarnings("unchecked")
                List<java.util.UUID> affected = entityManager.createNativeQuery(
                                "select id from {h-schema}certificate where crl_distribution_points && cast(:urls as text[])",
                                java.util.UUID.class)
                        .setParameter("urls", changed.toArray(new String[0]))
                        .getResultList();
                findings.evaluate(affected, List.of());
            }
        });
    }

    /** Probes the endpoints with at most {@code concurrency} at a time. */
    public List<TlsProbe.Result> probeAll(List<Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.concurrency(), endpoints.size()));
        try {
            List<Future<TlsProbe.Result>> futures = new ArrayList<>(endpoints.size());
            for (Endpoint endpoint : endpoints) {
                futures.add(pool.submit(() -> TlsProbe.probe(endpoint, config.timeout())));
            }
            List<TlsProbe.Result> results = new ArrayList<>(futures.size());
            for (Future<TlsProbe.Result> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("discovery interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("probe failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private EndpointReport record(TlsProbe.Result result) {
        Endpoint endpoint = result.endpoint();
        String thumbprint = null;
        String subject = null;
        Boolean matches = null;
        if (result.ok() && !result.chain().isEmpty()) {
            Certificate served = certificates.importCertificates(
                    List.of(new CertificateService.NamedInput(endpoint.toString(), pem(result.chain()).getBytes())),
                    null, Certificate.Source.DISCOVERY).certificates().get(0).certificate();
            thumbprint = served.thumbprintSha1;
            subject = served.subject;
            if (endpoint.server() != null) {
                matches = compareWithSlot(endpoint, served);
            }
        }
        entityManager.createNativeQuery("""
                        insert into {h-schema}observation (endpoint, server, service, thumbprint_sha1, error, observed_at)
                        values (:endpoint, :server, :service, :thumbprint, :error, :at)
                        on conflict (endpoint) do update set server = excluded.server, service = excluded.service,
                          thumbprint_sha1 = excluded.thumbprint_sha1, error = excluded.error, observed_at = excluded.observed_at""")
                .setParameter("endpoint", endpoint.toString() + (endpoint.service() == null ? "" : "/" + endpoint.service()))
                .setParameter("server", endpoint.server())
                .setParameter("service", endpoint.service())
                .setParameter("thumbprint", thumbprint)
                .setParameter("error", result.error())
                .setParameter("at", java.time.OffsetDateTime.now(clock))
                .executeUpdate();
        return new EndpointReport(endpoint.toString(), endpoint.server(), endpoint.service(), thumbprint, subject, matches,
                result.error());
    }

    /** Promotes a pending replacement that is now served; returns whether the served certificate is the intended one. */
    private boolean compareWithSlot(Endpoint endpoint, Certificate served) {
        Slot slot = Slot.findById(new Slot.Key(endpoint.server(), endpoint.service()));
        if (slot == null || slot.retired) {
            return true;
        }
        if (served.id.equals(slot.pendingCertificateId)) {
            java.util.UUID previous = slot.certificateId;
            slot.certificateId = served.id;
            slot.pendingCertificateId = null;
            findings.evaluate(previous == null ? List.of(served.id) : List.of(previous, served.id), List.of(slot.key.serverFqdn()));
        }
        boolean matches = served.id.equals(slot.certificateId);
        findings.observed(slot, matches ? null : served);
        return matches;
    }

    static List<Endpoint> slotEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Slot slot : Slot.<Slot>list("retired = false and (certificateId is not null or pendingCertificateId is not null)")) {
            Server server = Server.findById(slot.key.serverFqdn());
            if (server == null) {
                continue;
            }
            ServiceKind service = ServiceKind.valueOf(slot.key.service());
            int port = slot.port == null ? service.port() : slot.port;
            endpoints.add(new Endpoint(server.fqdn, server.address == null ? server.fqdn : server.address, port,
                    Endpoint.implicitPort(port) ? ServiceKind.TlsMode.IMPLICIT : service.tlsMode(), server.fqdn,
                    service.name()));
        }
        return endpoints;
    }

    static Endpoint parseTarget(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new IllegalArgumentException("target '" + target + "' is not host:port");
        }
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("target '" + target + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("target '" + target + "': port out of range");
        }
        return new Endpoint(host, host, port, Endpoint.modeForPort(port), null, null);
    }

    private static String pem(List<X509Certificate> chain) {
        StringWriter out = new StringWriter();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes());
        for (X509Certificate certificate : chain) {
            try {
                out.write("-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }
}
