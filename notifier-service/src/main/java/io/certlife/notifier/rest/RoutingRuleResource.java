package io.certlife.notifier.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.events.ServerRole;
import io.certlife.notifier.RoutingRule;
import io.certlife.notifier.service.RoutingRules;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Routing rules: which alerts go to which channel and recipients. */
@Audited
@Path("/routing-rules")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingRuleResource {

    /** A rule with its id. */
    public record RuleView(UUID id, String name, List<String> eventTypes, String minSeverity, String site, ServerRole role,
                           String owner, String channel, List<String> recipients) {
        static RuleView of(RoutingRule r) {
            return new RuleView(r.id, r.name, r.eventTypes, r.minSeverity.name(), r.site, r.role, r.owner, r.channel.name(),
                    r.recipients);
        }
    }

    @Inject
    RoutingRules rules;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "List routing rules")
    public List<RuleView> list() {
        return RoutingRule.<RoutingRule>listAll(Sort.by("name")).stream().map(RuleView::of).toList();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("{id}")
    @Operation(summary = "One routing rule")
    public RuleView get(@PathParam("id") UUID id) {
        return RuleView.of(RoutingRules.find(id));
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a routing rule", description = "eventTypes are alert kinds (empty = all); recipients are "
            + "email addresses (EMAIL) or configured endpoint names, or @owner for the owning team.")
    public Response create(RoutingRules.Spec spec) {
        return Response.status(Response.Status.CREATED).entity(RuleView.of(rules.create(spec))).build();
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a routing rule")
    public RuleView update(@PathParam("id") UUID id, RoutingRules.Spec spec) {
        return RuleView.of(rules.update(id, spec));
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a routing rule")
    public Response delete(@PathParam("id") UUID id) {
        rules.delete(id);
        return Response.noContent().build();
    }
}
