package io.certlife.renewal.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.renewal.issuer.TrustAnchorRecord;
import io.certlife.renewal.issuer.TrustAnchors;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The CA certificates each issuer's answers must chain to. */
@Audited
@Path("/issuers/{issuer}/trust-anchors")
@Produces(MediaType.APPLICATION_JSON)
public class TrustAnchorResource {

    /** One anchor as the API shows it. */
    public record AnchorView(String subject, String fingerprintSha256, Instant notAfter, String addedBy, Instant addedAt) {

        static AnchorView of(TrustAnchorRecord record) {
            return new AnchorView(record.subject, record.fingerprint, record.notAfter, record.addedBy, record.addedAt);
        }
    }

    @Inject
    TrustAnchors anchors;

    @Inject
    SecurityIdentity caller;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "The issuer's trust anchors")
    public List<AnchorView> list(@PathParam("issuer") String issuer) {
        return anchors.list(issuer).stream().map(AnchorView::of).toList();
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Consumes({"application/x-pem-file", MediaType.TEXT_PLAIN})
    @Operation(summary = "Replace the issuer's trust anchors", description = "PEM CA certificates (basicConstraints "
            + "CA:TRUE): a CA's answer is accepted only when its chain validates (PKIX) to one of them. 400 naming a "
            + "certificate that is not a CA; 404 for an issuer that is not configured.")
    public List<AnchorView> replace(@PathParam("issuer") String issuer, String pem) {
        return anchors.replace(issuer, pem, caller.getPrincipal().getName()).stream().map(AnchorView::of).toList();
    }
}
