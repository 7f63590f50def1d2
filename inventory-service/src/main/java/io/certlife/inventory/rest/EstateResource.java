package io.certlife.inventory.rest;

import io.certlife.inventory.Refusal;
import io.certlife.inventory.estate.Change;
import io.certlife.inventory.estate.EstateImport;
import io.certlife.inventory.estate.EstateService;
import io.certlife.inventory.estate.NamespaceSpec;
import io.certlife.inventory.estate.PublishingRuleSpec;
import io.certlife.inventory.estate.ServerSpec;
import io.certlife.inventory.estate.SiteSpec;
import io.certlife.inventory.estate.SlotSpec;
import io.certlife.inventory.estate.TeamSpec;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The estate: teams, sites, servers, bindings, namespaces and ISA publishing rules. PUT creates or
 * replaces (201 when created, 200 otherwise) and returns what is stored; a PUT that changes nothing
 * emits no event.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "estate")
public class EstateResource {

    @Inject
    EstateService estate;

    @Inject
    EstateImport estateImport;

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

    @GET
    @Path("roles")
    @Operation(summary = "The role catalogue: certificate need, self-signed at install, recommended issuer")
    public List<RoleView> roles() {
        return Arrays.stream(ServerRole.values()).map(RoleView::of).toList();
    }

    @GET
    @Path("teams")
    public List<TeamSpec> teams() {
        return estate.teams();
    }

    @GET
    @Path("teams/{name}")
    public TeamSpec team(@PathParam("name") String name) {
        return estate.team(name);
    }

    @PUT
    @Path("teams/{name}")
    public Response putTeam(@PathParam("name") String name, @Valid TeamSpec spec) {
        requireSame("name", name, spec.name());
        return written(estate.putTeam(spec), estate.team(name));
    }

    @DELETE
    @Path("teams/{name}")
    public void deleteTeam(@PathParam("name") String name) {
        estate.deleteTeam(name);
    }

    @GET
    @Path("sites")
    public List<SiteSpec> sites() {
        return estate.sites();
    }

    @GET
    @Path("sites/{name}")
    public SiteSpec site(@PathParam("name") String name) {
        return estate.site(name);
    }

    @PUT
    @Path("sites/{name}")
    public Response putSite(@PathParam("name") String name, @Valid SiteSpec spec) {
        requireSame("name", name, spec.name());
        return written(estate.putSite(spec), estate.site(name));
    }

    @DELETE
    @Path("sites/{name}")
    public void deleteSite(@PathParam("name") String name) {
        estate.deleteSite(name);
    }

    @GET
    @Path("servers")
    public List<ServerSpec> servers() {
        return estate.servers();
    }

    @GET
    @Path("servers/{fqdn}")
    public ServerSpec server(@PathParam("fqdn") String fqdn) {
        return estate.server(fqdn);
    }

    @PUT
    @Path("servers/{fqdn}")
    public Response putServer(@PathParam("fqdn") String fqdn, @Valid ServerSpec spec) {
        requireSame("fqdn", fqdn.toLowerCase(), spec.fqdn());
        return written(estate.putServer(spec), estate.server(fqdn));
    }

    @DELETE
    @Path("servers/{fqdn}")
    public void deleteServer(@PathParam("fqdn") String fqdn) {
        estate.deleteServer(fqdn);
    }

    @GET
    @Path("bindings")
    @Operation(summary = "Binding slots (server, service) -> intended certificate, optionally of one server")
    public List<SlotSpec> bindings(@QueryParam("server") String server) {
        return estate.slots(Optional.ofNullable(server));
    }

    @PUT
    @Path("servers/{fqdn}/bindings/{service}")
    @Operation(summary = "Bind a certificate (by certificateId or thumbprint) to a service on a server")
    public Response putBinding(@PathParam("fqdn") String fqdn, @PathParam("service") ServiceKind service,
                               @Valid SlotSpec spec) {
        requireSame("server", fqdn.toLowerCase(), spec.server());
        requireSame("service", service.name(), spec.service() == null ? null : spec.service().name());
        Change change = estate.putSlot(spec);
        SlotSpec stored = estate.slots(Optional.of(fqdn)).stream().filter(s -> s.service() == service).findFirst().orElseThrow();
        return written(change, stored);
    }

    @DELETE
    @Path("servers/{fqdn}/bindings/{service}")
    public void deleteBinding(@PathParam("fqdn") String fqdn, @PathParam("service") ServiceKind service) {
        estate.deleteSlot(fqdn, service.name());
    }

    @GET
    @Path("namespaces")
    public List<NamespaceSpec> namespaces() {
        return estate.namespaces();
    }

    @GET
    @Path("namespaces/{name}")
    public NamespaceSpec namespace(@PathParam("name") String name) {
        return estate.namespace(name);
    }

    @PUT
    @Path("namespaces/{name}")
    public Response putNamespace(@PathParam("name") String name, @Valid NamespaceSpec spec) {
        requireSame("name", name.toLowerCase(), spec.name());
        return written(estate.putNamespace(spec), estate.namespace(name));
    }

    @DELETE
    @Path("namespaces/{name}")
    public void deleteNamespace(@PathParam("name") String name) {
        estate.deleteNamespace(name);
    }

    @GET
    @Path("publishing-rules")
    public List<PublishingRuleSpec> publishingRules() {
        return estate.publishingRules();
    }

    @GET
    @Path("publishing-rules/{id}")
    public PublishingRuleSpec publishingRule(@PathParam("id") UUID id) {
        return estate.publishingRule(id);
    }

    @POST
    @Path("publishing-rules")
    @Operation(summary = "Create a publishing rule (or update the one with the same ISA server, listener and host name)")
    public Response postPublishingRule(@Valid PublishingRuleSpec spec) {
        EstateService.Written<PublishingRuleSpec> written = estate.putPublishingRule(spec);
        return written(written.change(), written.item());
    }

    @PUT
    @Path("publishing-rules/{id}")
    public Response putPublishingRule(@PathParam("id") UUID id, @Valid PublishingRuleSpec spec) {
        if (spec.id() != null && !spec.id().equals(id)) {
            throw Refusal.invalid("id in the body (" + spec.id() + ") differs from the path (" + id + ")");
        }
        EstateService.Written<PublishingRuleSpec> written = estate.putPublishingRule(
                new PublishingRuleSpec(id, spec.isaServer(), spec.webListener(), spec.publicHostName(), spec.casServers()));
        return written(written.change(), written.item());
    }

    @DELETE
    @Path("publishing-rules/{id}")
    public void deletePublishingRule(@PathParam("id") UUID id) {
        estate.deletePublishingRule(id);
    }

    private static Response written(Change change, Object stored) {
        return Response.status(change == Change.CREATED ? Response.Status.CREATED : Response.Status.OK).entity(stored).build();
    }

    private static void requireSame(String field, String inPath, String inBody) {
        if (!inPath.equals(inBody)) {
            throw Refusal.invalid(field + " in the body (" + inBody + ") differs from the path (" + inPath + ")");
        }
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
