package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.access.audit.AuditedAfterResponse;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.discovery.DiscoveryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
}
