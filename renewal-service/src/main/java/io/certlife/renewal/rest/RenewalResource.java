package io.certlife.renewal.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.access.audit.AuditedAfterResponse;
import io.certlife.renewal.Refusal;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.client.InventoryClient;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.service.CertificateAcceptance;
import io.certlife.renewal.service.RenewalPlanner;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Renewals: list and read, renew now, approve, download the CSR, import the CA's certificate. */
@Audited
@Path("/renewals")
@Produces(MediaType.APPLICATION_JSON)
public class RenewalResource {

    /** "Renew now" for a certificate. */
    public record RenewNow(String certificateId) {
    }

    @Inject
    RenewalPlanner planner;

    @Inject
    SecurityIdentity identity;

    @Inject
    InventoryClient inventory;

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Renew now", description = "A renewal waiting out its backoff is attempted at once (200). A "
            + "certificate without a renewal is made due by inventory-service, whose RenewalDue brings the plan (202). "
            + "Repeating the request returns the same renewal: never a second key.")
    @AuditedAfterResponse("records who asked and commits before asking inventory-service, whose RenewalDue must find it")
    public Response renewNow(RenewNow body) {
        if (body == null || body.certificateId() == null || body.certificateId().isBlank()) {
            throw Refusal.invalid("certificateId is required");
        }
        Renewal existing = planner.retryNow(body.certificateId());
        if (existing != null) {
            return Response.ok(RenewalView.of(existing)).build();
        }
        planner.recordRequest(body.certificateId(), identity.getPrincipal().getName());
        try {
            inventory.requestRenewal(body.certificateId());
        } catch (Refusal refused) {
            planner.dropRequest(body.certificateId());
            throw refused;
        }
        return Response.accepted(java.util.Map.of("certificateId", body.certificateId(), "status",
                "requested: inventory-service made the certificate due; the plan follows its RenewalDue")).build();
    }

    @RolesAllowed(Roles.APPROVER)
    @POST
    @Path("/{id}/approve")
    @Operation(summary = "Approve a plan that waits for a person", description = "The approver is the caller's identity. "
            + "409 unless the renewal is PENDING_APPROVAL; 403 under the four-eyes policy when the caller asked for the "
            + "renewal.")
    public RenewalView approve(@PathParam("id") UUID id) {
        return RenewalView.of(planner.approve(id, identity.getPrincipal().getName()));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "List renewals, newest first, optionally of one certificate")
    public List<RenewalView> list(@QueryParam("certificateId") String certificateId) {
        List<Renewal> renewals = certificateId == null
                ? Renewal.listAll(Sort.descending("createdAt"))
                : Renewal.list("certificateId", Sort.descending("createdAt"), certificateId);
        return renewals.stream().map(RenewalView::of).toList();
    }

    @Inject
    CertificateAcceptance acceptance;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}/csr")
    @Produces({"application/x-pem-file", "application/pkcs10"})
    @Operation(summary = "The PKCS#10 request of a CSR renewal", description = "PEM, or DER with Accept: application/pkcs10.")
    public Response csr(@PathParam("id") UUID id, @HeaderParam("Accept") String accept) {
        Renewal renewal = Renewal.<Renewal>findByIdOptional(id).orElseThrow(() -> Refusal.notFound("no renewal " + id));
        if (renewal.csrPem == null) {
            throw Refusal.conflict("renewal " + id + " has no certificate request (issuer " + renewal.issuer + ")");
        }
        if (accept != null && accept.contains("application/pkcs10")) {
            return Response.ok(Pem.der(renewal.csrPem), "application/pkcs10").build();
        }
        return Response.ok(renewal.csrPem, "application/x-pem-file").build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/certificate")
    @Consumes({"application/x-pem-file", MediaType.TEXT_PLAIN})
    @Operation(summary = "Import the certificate a CA issued for the CSR", description = "The leaf followed by its chain, "
            + "PEM. 422 naming the problem when it is for another key, lacks a planned name or its chain does not verify.")
    public RenewalView acceptCertificate(@PathParam("id") UUID id, String pem) {
        return RenewalView.of(acceptance.accept(id, pem));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/server-csr")
    @Consumes({"application/pkcs10", "application/x-pem-file", MediaType.TEXT_PLAIN})
    @Operation(summary = "Hand in the CSR a server made for its own key (custody ON_SERVER)", description = "PEM, as "
            + "New-ExchangeCertificate -GenerateRequest writes it. Checked against the plan (its signature, the subject, the "
            + "SANs in order, the key type and size): 422 naming the difference; 409 unless the renewal waits for it. "
            + "Then issued by the internal CA at once, or kept as the CSR to submit to the CA.")
    public RenewalView serverCsr(@PathParam("id") UUID id, String pem) {
        return RenewalView.of(planner.serverCsr(id, pem));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}")
    @Operation(summary = "One renewal by id")
    public RenewalView get(@PathParam("id") UUID id) {
        return Renewal.<Renewal>findByIdOptional(id).map(RenewalView::of)
                .orElseThrow(() -> Refusal.notFound("no renewal with id " + id));
    }
}
