package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.access.audit.AuditedAfterResponse;
import io.certlife.inventory.Observation;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.discovery.DiscoveryService;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** TLS discovery on demand (it also probes every slot on its schedule). */
@Audited
@Path("/discovery")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    @Inject
    DiscoveryService discovery;

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Operation(summary = "Probe TLS endpoints now", description = "slots: every bound slot (server FQDN, the service's "
            + "port and STARTTLS where the protocol uses it); targets: host:port (25/587 SMTP STARTTLS, 110 POP3 STLS, "
            + "143 IMAP STARTTLS, else implicit TLS); cidr with ports: an IPv4 range; certificate: the slots that certificate "
            + "(an id) serves or is pending on, to verify a deployment now. Served certificates are imported; a slot "
            + "seen serving its pending replacement is verified (DeploymentVerified); a slot serving another certificate "
            + "than the intended one raises SERVED_CERTIFICATE_MISMATCH.")
    @AuditedAfterResponse("probes the network for as long as it takes: no transaction is held open for that")
    public DiscoveryService.Report discover(DiscoveryService.Request request) {
        if (request == null) {
            throw Refusal.invalid("a JSON body is required: {\"slots\": true} or {\"targets\": [\"host:443\"]}");
        }
        return discovery.discover(request);
    }

    /** What discovery last saw at an endpoint. */
    public record ObservationView(String endpoint, String server, String service, String thumbprintSha1, String error,
                                  Instant observedAt) {
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("observations")
    @Operation(summary = "What discovery last saw", description = "Per endpoint (server and service for a slot's): the "
            + "SHA-1 thumbprint of the certificate served, or the reason it could not be read, and when; optionally of "
            + "one server or one thumbprint. page (from 0) of size (at most 1,000) by endpoint; forgotten after observation-retention unseen.")
    public List<ObservationView> observations(@QueryParam("server") String server, @QueryParam("thumbprint") String thumbprint,
                                              @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                              @QueryParam("size") @DefaultValue("1000") @Min(1) @Max(1000) int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (server != null && !server.isBlank()) {
            query.append(" and server = :server");
            parameters.put("server", server.strip().toLowerCase(Locale.ROOT));
        }
        if (thumbprint != null && !thumbprint.isBlank()) {
            query.append(" and thumbprintSha1 = :thumbprint");
            parameters.put("thumbprint", thumbprint.replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT));
        }
        return Observation.<Observation>find(query.toString(), Sort.by("endpoint"), parameters).page(page, size).list().stream()
                .map(o -> new ObservationView(o.endpoint, o.server, o.service, o.thumbprintSha1, o.error, o.observedAt)).toList();
    }
}
