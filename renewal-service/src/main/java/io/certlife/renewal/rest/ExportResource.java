package io.certlife.renewal.rest;

import io.certlife.access.Roles;
import io.certlife.renewal.Refusal;
import io.certlife.renewal.export.ExportService;
import io.certlife.renewal.pki.PfxProfile;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** PFX exports of issued certificates with their private keys. */
@Path("/")
public class ExportResource {

    /** Which profile to build: LEGACY (Windows Server 2003-2016, ISA 2006) or MODERN (Server 2019+). */
    public record ExportRequest(PfxProfile profile) {
    }

    @Inject
    ExportService exports;

    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @POST
    @Path("certificates/{id}/exports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a PFX export", description = "Returns a one-time download token and, separately, the "
            + "generated password: deliver them by different channels. 409 when the key is not exportable.")
    public Response create(@PathParam("id") UUID certificateId, ExportRequest request) {
        if (request == null || request.profile() == null) {
            throw Refusal.invalid("profile is required: LEGACY or MODERN");
        }
        return Response.status(Response.Status.CREATED).entity(exports.create(certificateId, request.profile())).build();
    }

    @PermitAll
    @GET
    @Path("exports/{token}")
    @Produces("application/x-pkcs12")
    @Operation(summary = "Download a PFX export, once")
    public Response download(@PathParam("token") String token) {
        return Response.ok(exports.download(token))
                .header("Content-Disposition", "attachment; filename=\"certificate.pfx\"").build();
    }
}
