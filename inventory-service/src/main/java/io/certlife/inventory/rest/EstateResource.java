package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.events.ServerRole;
import io.certlife.inventory.estate.EstateImport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The estate as a whole: the import of an estate file, and the role catalogue. Each kind of entity has a resource of
 * its own (teams, sites, servers with their bindings, namespaces, publishing rules), where PUT creates or replaces
 * (201 when created, 200 otherwise) and returns what is stored; a PUT that changes nothing emits no event.
 */
@Audited
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "estate")
public class EstateResource {

    @Inject
    EstateImport estateImport;

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("estate/import")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
    @Operation(summary = "Import an estate file (JSON or YAML)", description = "Teams, sites, servers, namespaces, "
            + "publishingRules and bindings, created or updated in one transaction. Idempotent: the same file "
            + "twice changes nothing and emits nothing the second time.")
    public EstateImport.Summary importEstate(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        boolean yaml = contentType != null && contentType.contains("yaml");
        return estateImport.apply(estateImport.parse(body, yaml));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("roles")
    @Operation(summary = "The role catalogue: certificate need, self-signed at install, recommended issuer")
    public List<RoleView> roles() {
        return Arrays.stream(ServerRole.values()).map(RoleView::of).toList();
    }

    /** One row of the role catalogue. */
    public record RoleView(ServerRole role, ServerRole.CertificateNeed need, boolean selfSignedAtInstall,
                           ServerRole.RecommendedIssuer recommendedIssuer, ServerRole.RecommendedIssuer recommendedIssuerWhenInternetFacing,
                           String usedFor) {
        static RoleView of(ServerRole r) {
            return new RoleView(r, r.need(), r.selfSignedAtInstall(), r.recommendedIssuer(false), r.recommendedIssuer(true),
                    r.usedFor());
        }
    }
}
