package io.certlife.access.audit;

import io.certlife.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The service's audit trail, for admins. */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    /** One record as the API shows it. */
    public record AuditView(String id, Instant at, String subject, List<String> roles, String action, String object,
                            int outcome, String address, String requestId) {
    }

    @Inject
    AuditTrail trail;

    @GET
    @RolesAllowed(Roles.ADMIN)
    public List<AuditView> list(@QueryParam("subject") String subject, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit must be between 1 and 1000");
        }
        return trail.search(subject, limit).stream().map(r -> new AuditView(r.id.toString(), r.at, r.subject, r.roles,
                r.action, r.object, r.outcome, r.address, r.requestId)).toList();
    }
}
