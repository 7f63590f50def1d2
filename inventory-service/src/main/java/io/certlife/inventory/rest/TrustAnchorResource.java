package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.inventory.config.ImportConfig;
import io.certlife.inventory.pki.CertificatePem;
import io.certlife.inventory.pki.CertificateReader;
import io.certlife.inventory.pki.ParsedCertificate;
import io.certlife.inventory.service.TrustAnchors;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The roots (and CAs) the estate trusts: they decide each certificate's {@code trusted}. */
@Audited
@Path("/trust-anchors")
@Tag(name = "certificates")
public class TrustAnchorResource {

    static final String PEM = "application/x-pem-file";

    @Inject
    TrustAnchors anchors;

    @Inject
    ImportConfig config;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Produces(PEM)
    @Operation(summary = "The trust anchors, as PEM", description = "Empty when none is set (every certificate's trusted is then null).")
    public Response list() {
        List<byte[]> ders = anchors.list();
        return Response.ok(ders.isEmpty() ? "" : CertificatePem.of(ders), PEM).build();
    }

    /** The anchors set, and how many there are. */
    public record AnchorsView(int count, List<String> subjects) {
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Consumes({PEM, "text/plain"})
    @Produces("application/json")
    @Operation(summary = "Replace the trust anchors", description = "PEM CA certificates (the enterprise root, each public root the "
            + "estate buys from). Every certificate's trusted is decided again: true when a chain of verified signatures "
            + "leads to an anchor, false when it leads to another root or a signature does not verify, null when an issuer "
            + "is not in the inventory. 400 for a body that holds no certificate or a certificate that is not a CA.")
    public AnchorsView replace(byte[] pem) {
        List<ParsedCertificate> set = anchors.replace(pem, new CertificateReader.Limits(config.maxPkcs12Iterations(),
                config.maxCertificates(), config.maxSubjectAltNames()));
        return new AnchorsView(set.size(), set.stream().map(ParsedCertificate::subject).toList());
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Operation(summary = "Remove every trust anchor", description = "Every certificate's trusted becomes null (unknown). 204.")
    public Response clear() {
        anchors.clear();
        return Response.noContent().build();
    }
}
