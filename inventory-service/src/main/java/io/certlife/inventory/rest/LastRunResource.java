package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.inventory.service.LastRuns;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** When the expiry sweep and the slots' discovery last finished. */
@Path("/last-runs")
@Produces(MediaType.APPLICATION_JSON)
public class LastRunResource {

    @Inject
    LastRuns lastRuns;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "When certlife last looked", description = "kind expiry-sweep (scheduled or on demand) and "
            + "discovery (of every slot: scheduled or {\"slots\": true}), each with when it last finished on any replica "
            + "and what it did; a kind that never ran is absent.")
    public List<LastRuns.Run> list() {
        return lastRuns.all();
    }
}
