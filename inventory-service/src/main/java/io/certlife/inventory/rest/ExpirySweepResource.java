package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.inventory.service.ExpirySweep;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Runs the expiry sweep on demand (it also runs on its schedule). */
@Audited
@Path("/expiry-sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class ExpirySweepResource {

    @Inject
    ExpirySweep sweep;

    @Inject
    Clock clock;

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Operation(summary = "Sweep now", description = "Emits the expiry and renewal-due notices that are due and not yet "
            + "emitted; returns how many of each.")
    public ExpirySweep.Result sweepNow() {
        return sweep.sweep(clock.instant());
    }
}
