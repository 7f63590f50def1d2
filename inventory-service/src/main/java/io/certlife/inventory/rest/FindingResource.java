package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.certlife.inventory.PolicyFinding;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.service.FindingsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Policy findings: what the planning rules found wrong in the estate. */
@Path("/findings")
@Produces(MediaType.APPLICATION_JSON)
public class FindingResource {

    @Inject
    FindingsService findings;

    /** A finding as the API shows it. */
    public record FindingView(UUID id, String ruleId, Severity severity, String message, UUID certificateId, String server,
                              ServiceKind service, Instant raisedAt, Instant resolvedAt) {
        static FindingView of(PolicyFinding f) {
            return new FindingView(f.id, f.ruleId, f.severity, f.message, f.certificateId, f.server, f.service, f.raisedAt,
                    f.resolvedAt);
        }
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "List findings (open ones unless state=all), optionally of one certificate, server or rule")
    public List<FindingView> list(@QueryParam("state") @DefaultValue("open") String state,
                                  @QueryParam("certificateId") UUID certificateId,
                                  @QueryParam("server") String server,
                                  @QueryParam("ruleId") String ruleId) {
        if (!state.equals("open") && !state.equals("all")) {
            throw Refusal.invalid("state must be 'open' or 'all', not '" + state + "'");
        }
        return findings.search(state.equals("open"), certificateId, server, ruleId).stream().map(FindingView::of).toList();
    }
}
