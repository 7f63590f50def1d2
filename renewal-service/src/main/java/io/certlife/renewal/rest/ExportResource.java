package io.certlife.renewal.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.renewal.Refusal;
import io.certlife.renewal.export.ExportService;
import io.certlife.renewal.pki.PfxProfile;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** PFX exports of issued certificates with their private keys. */
@Audited
@Path("/")
public class ExportResource {

    /**
     * Which profile to build: LEGACY (Windows Server 2003-2016, ISA 2006) or MODERN (Server 2019+); the operator task
     * it is for, if any.
     */
    public record ExportRequest(PfxProfile profile, String taskId) {
    }

    /** A made export: the password only when its maker may take both (no task). */
    public record ExportView(String exportId, String token, String password, PfxProfile profile, String taskId,
                             Instant expiresAt) {
        @Override
        public String toString() {
            return "ExportView[" + exportId + ", " + profile + "]";
        }
    }

    /** A task export's password, revealed once. */
    public record PasswordView(String exportId, String password) {
        @Override
        public String toString() {
            return "PasswordView[" + exportId + "]";
        }
    }

    @Inject
    ExportService exports;

    @Inject
    SecurityIdentity caller;

    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @POST
    @Path("certificates/{id}/exports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a PFX export", description = "For an operator task (taskId): the one-time download token; "
            + "the password stays sealed until another key custodian reveals it (POST /exports/{exportId}/password). "
            + "Without a task, token and password to the maker only where certlife.export.creator-takes-both allows it "
            + "(else 403). 409 while a CSR still waits for its CA's certificate.")
    public Response create(@PathParam("id") UUID certificateId, ExportRequest request) {
        if (request == null || request.profile() == null) {
            throw Refusal.invalid("profile is required: LEGACY or MODERN");
        }
        if (request.taskId() != null && (request.taskId().isBlank() || request.taskId().length() > 100)) {
            throw Refusal.invalid("taskId must be 1-100 characters");
        }
        ExportService.Created created = exports.create(certificateId, request.profile(), request.taskId(),
                caller.getPrincipal().getName());
        return Response.status(Response.Status.CREATED).entity(new ExportView(created.exportId().toString(),
                created.token(), created.password(), created.profile(), created.taskId(), created.expiresAt())).build();
    }

    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @POST
    @Path("exports/{exportId}/password")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reveal a task export's password, once", description = "To a key custodian other than the "
            + "export's maker (403 for the maker); 409 once revealed or expired.")
    public PasswordView revealPassword(@PathParam("exportId") UUID exportId) {
        return new PasswordView(exportId.toString(), exports.revealPassword(exportId, caller.getPrincipal().getName()));
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
