package io.certlife.renewal.rest;

import io.certlife.renewal.Renewal;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Renewals: read. */
@Path("/renewals")
@Produces(MediaType.APPLICATION_JSON)
public class RenewalResource {

    @GET
    @Operation(summary = "List renewals, newest first, optionally of one certificate")
    public List<RenewalView> list(@QueryParam("certificateId") String certificateId) {
        List<Renewal> renewals = certificateId == null
                ? Renewal.listAll(Sort.descending("createdAt"))
                : Renewal.list("certificateId", Sort.descending("createdAt"), certificateId);
        return renewals.stream().map(RenewalView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One renewal by id")
    public RenewalView get(@PathParam("id") UUID id) {
        return Renewal.<Renewal>findByIdOptional(id).map(RenewalView::of)
                .orElseThrow(() -> new NotFoundException("no renewal with id " + id));
    }
}
