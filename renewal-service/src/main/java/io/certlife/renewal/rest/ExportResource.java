package io.certlife.renewal.rest;

import io.certlife.renewal.export.ExportException;
import io.certlife.renewal.export.ExportService;
import io.certlife.renewal.pki.PfxProfile;
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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** PFX exports of issued certificates with their private keys. */
@Path("/")
public class ExportResource {

    /** Which profile to build: LEGACY (Windows Server 2003-2016, ISA 2006) or MODERN (Server 2019+). */
    public record ExportRequest(PfxProfile profile) {
    }

    @Inject
    ExportService exports;

    @POST
    @Path("certificates/{id}/exports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a PFX export", description = "Returns a one-time download token and, separately, the "
            + "generated password: deliver them by different channels. 409 when the key is not exportable.")
    public Response create(@PathParam("id") UUID certificateId, ExportRequest request) {
        if (request == null || request.profile() == null) {
            throw new ExportException(400, "profile is required: LEGACY or MODERN");
        }
        return Response.status(Response.Status.CREATED).entity(exports.create(certificateId, request.profile())).build();
    }

    @GET
    @Path("exports/{token}")
    @Produces("application/x-pkcs12")
    @Operation(summary = "Download a PFX export, once")
    public Response download(@PathParam("token") String token) {
        return Response.ok(exports.download(token))
                .header("Content-Disposition", "attachment; filename=\"certificate.pfx\"").build();
    }

    @ServerExceptionMapper
    public Response refused(ExportException e) {
        return Response.status(e.status()).type("application/problem+json")
                .entity(new Problem("urn:certlife:problem:export", Response.Status.fromStatusCode(e.status()).getReasonPhrase(),
                        e.status(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unreadable(com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
        String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                ? " (one of " + java.util.Arrays.toString(e.getTargetType().getEnumConstants()) + ")" : "";
        return refused(new ExportException(400, "'" + e.getValue() + "' is not a valid " + field + allowed));
    }

    /** An RFC 9457 problem body. */
    public record Problem(String type, String title, int status, String detail) {
    }
}
