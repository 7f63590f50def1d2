package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.Service;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Renewals: each with its state, conditions and drift from the old certificate, and the actions the user's roles allow:
 * approve a plan (approver), download a CSR and upload the CA's answer to it (renew now is on a certificate's page). Every action is the
 * service's, called with the user's token: renewal-service decides it (four-eyes included) and audits it.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class RenewalsPage {

    /** A renewal as the list shows it. */
    public record Row(String id, String certificateId, String subject, String issuer, String state, List<String> conditions,
                      List<String> drift, String requestedBy, String approvedBy, String createdAt, boolean hasCsr,
                      List<String> windows) {

        public boolean awaitsApproval() {
            return state.equals("PENDING_APPROVAL");
        }

        /** Waiting for a CA's answer that a person uploads (the CSR issuer; ACME certificates are fetched by certlife). */
        public boolean awaitsCertificate() {
            return state.equals("AWAITING_CERTIFICATE") && issuer.equals("CSR");
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance renewals(Page page, List<Row> rows, String unavailable);
    }

    /** A certificate with a long chain is a few kilobytes; anything near this is not a CA's answer. */
    private static final long MAX_ANSWER_BYTES = 64 * 1024;

    @Inject
    Services services;

    @Inject
    SecurityIdentity identity;

    @Inject
    Actions actions;

    @GET
    @Path("renewals")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance list(@Context HttpHeaders headers) {
        Page page = Page.of(identity, "renewals", headers);
        Services.Listed<Row> renewals = services.list(Service.RENEWAL, "/renewals", page.user().token(), RenewalsPage::row);
        List<Row> rows = new ArrayList<>(renewals.rows());
        rows.sort(Comparator.comparing(Row::createdAt).reversed());
        return Templates.renewals(page, rows, renewals.unavailable());
    }

    // any signed-in user may ask; renewal-service decides with their token (the page offers Approve to approvers)
    @POST
    @Path("renewals/{id}/approve")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public Response approve(@PathParam("id") String id) {
        return actions.forward(Service.RENEWAL, "/renewals/" + Actions.requireId(id, "renewal") + "/approve", null, "/renewals",
                renewal -> "Approved the renewal of " + renewal.path("subject").asText() + ": it is now "
                        + renewal.path("state").asText() + ".", "Not approved");
    }

    /**
     * The CA's answer to a renewal's CSR, pasted or as a file (PEM: the certificate, then its chain): renewal-service
     * checks it is for the CSR's key and names, and that its chain verifies, and says why when not.
     */
    @POST
    @Path("renewals/{id}/certificate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(ConsoleRoles.VIEWER)
    public Response uploadCertificate(@PathParam("id") String id, @RestForm("pem") String pasted,
                                      @RestForm("file") FileUpload file) throws IOException {
        Actions.requireId(id, "renewal");
        String pem = pasted == null ? "" : pasted.strip();
        if (pem.isEmpty() && file != null && file.size() > 0) {
            if (file.size() > MAX_ANSWER_BYTES) {
                throw new BadRequestException("the CA's answer is " + file.size() + " bytes; at most " + MAX_ANSWER_BYTES);
            }
            pem = Files.readString(file.uploadedFile(), StandardCharsets.US_ASCII).strip();
        }
        if (!pem.startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new BadRequestException("paste or choose the CA's answer as PEM: it starts with -----BEGIN CERTIFICATE-----");
        }
        return actions.forward(Service.RENEWAL, "/renewals/" + id + "/certificate", new Services.Body("application/x-pem-file", pem),
                "/renewals", renewal -> "Took the CA's certificate for " + renewal.path("subject").asText() + ": it is now "
                        + renewal.path("state").asText() + ".", "Not taken");
    }

    @GET
    @Path("renewals/{id}/csr")
    @RolesAllowed(ConsoleRoles.VIEWER)
    @Produces("application/x-pem-file")
    public Response csr(@PathParam("id") String id) {
        return actions.attachment(Service.RENEWAL, "/renewals/" + Actions.requireId(id, "renewal") + "/csr",
                "application/x-pem-file", "renewal-" + id + ".csr");
    }

    private static Row row(JsonNode r) {
        List<String> conditions = new ArrayList<>();
        r.path("conditions").forEach(c -> conditions.add(c.path("type").asText() + "=" + c.path("status").asText()
                + (c.path("reason").isTextual() ? " (" + c.path("reason").asText() + ")" : "")));
        List<String> drift = new ArrayList<>();
        r.path("drift").forEach(d -> drift.add(d.path("severity").asText() + " " + d.path("code").asText() + ": "
                + d.path("message").asText()));
        List<String> windows = new ArrayList<>();
        r.path("activationWindows").forEach(w -> windows.add("site " + w.path("site").asText() + ": " + (w.path("start").isTextual()
                ? w.path("start").asText() + " - " + w.path("end").asText() : "no maintenance window fits: an emergency change")));
        return new Row(r.path("id").asText(), r.path("certificateId").asText(), r.path("subject").asText(),
                r.path("issuer").asText(), r.path("state").asText(), conditions, drift, r.path("requestedBy").asText(""),
                r.path("approvedBy").asText(""), r.path("createdAt").asText(""),
                r.path("issuer").asText().equals("CSR") && !r.path("state").asText().equals("PLANNED"), windows);
    }
}
