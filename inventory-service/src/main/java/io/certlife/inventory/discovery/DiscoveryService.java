package io.certlife.inventory.discovery;

import io.certlife.events.ServiceKind;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.Server;
import io.certlife.inventory.Slot;
import io.certlife.inventory.config.DiscoveryConfig;
import io.certlife.inventory.revocation.RevocationChecks;
import io.certlife.inventory.service.LastRuns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A discovery run: probes TLS endpoints, from the estate's slots (server FQDN and the service's port) and from ad-hoc
 * targets, with bounded concurrency and a timeout per endpoint ({@link Prober}); records what each served
 * ({@link Observations}, one transaction per endpoint); after a run over the slots, checks the revocation status of
 * their certificates and their CRLs ({@link RevocationChecks}).
 */
@ApplicationScoped
public class DiscoveryService {

    /**
     * What to probe: the slots, explicit host:port targets, and a CIDR range on the given ports; {@code certificate}
     * (an id) adds the slots that certificate serves or is pending on, to verify a deployment now.
     */
    public record Request(boolean slots, List<String> targets, String cidr, List<Integer> ports, String certificate) {
    }

    /** What one endpoint served, or why it could not be read ({@code reason}: a {@code TlsProbe.Reason} constant). */
    public record EndpointReport(String endpoint, String server, String service, String thumbprintSha1,
                                 String subject, Boolean matchesIntended, String reason, String error) {
    }

    /** What a discovery run saw. */
    public record Report(int probed, int reachable, List<EndpointReport> endpoints) {
    }

    @Inject
    DiscoveryConfig config;

    @Inject
    Prober prober;

    @Inject
    Observations observations;

    @Inject
    RevocationChecks revocationChecks;

    @Inject
    MeterRegistry meters;

    @Inject
    LastRuns lastRuns;

    @Inject
    Clock clock;

    public Report discover(Request request) {
        List<Endpoint> endpoints = new ArrayList<>();
        if (request.slots()) {
            endpoints.addAll(QuarkusTransaction.requiringNew().call(() -> slotEndpoints(
                    Slot.list("retired = false and (certificateId is not null or pendingCertificateId is not null)"))));
        } else if (request.certificate() != null) {
            UUID certificate = certificateId(request.certificate());
            endpoints.addAll(QuarkusTransaction.requiringNew().call(() -> slotEndpoints(
                    Slot.list("retired = false and (certificateId = ?1 or pendingCertificateId = ?1)", certificate))));
        }
        endpoints.addAll(Targets.of(request, config.maxCidrAddresses(), config.maxEndpoints()));
        Timer.Sample sample = Timer.start(meters);
        List<TlsProbe.Result> results = prober.probeAll(endpoints);
        List<EndpointReport> reports = new ArrayList<>(results.size());
        for (TlsProbe.Result result : results) {
            reports.add(QuarkusTransaction.requiringNew().call(() -> observations.record(result)));
        }
        int reachable = (int) results.stream().filter(TlsProbe.Result::ok).count();
        if (request.slots()) {
            revocationChecks.run();
            lastRuns.record(LastRuns.DISCOVERY, clock.instant(), results.size() + " slot endpoints probed, " + reachable
                    + " answered with TLS");
        }
        sample.stop(meters.timer("certlife.discovery"));
        return new Report(results.size(), reachable, reports);
    }

    private static UUID certificateId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("certificate must be a certificate id (a UUID), not '" + id + "'");
        }
    }

    /** The slots, as the endpoints that serve them. */
    static List<Endpoint> slotEndpoints(List<Slot> slots) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Slot slot : slots) {
            Server server = Server.findById(slot.key.serverFqdn());
            if (server == null) {
                continue;
            }
            ServiceKind service = ServiceKind.valueOf(slot.key.service());
            int port = slot.port == null ? service.port() : slot.port;
            endpoints.add(new Endpoint(server.fqdn, server.address == null ? server.fqdn : server.address, port,
                    Endpoint.implicitPort(port) ? ServiceKind.TlsMode.IMPLICIT : service.tlsMode(), server.fqdn, service));
        }
        return endpoints;
    }
}
