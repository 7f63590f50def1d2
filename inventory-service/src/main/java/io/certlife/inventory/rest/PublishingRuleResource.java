package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.estate.EstateStore;
import io.certlife.inventory.estate.PublishingRuleSpec;
import io.certlife.inventory.estate.PublishingRules;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** ISA web publishing rules: which listener publishes which host name for which CAS servers. */
@Audited
@Path("/publishing-rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "estate")
public class PublishingRuleResource {

    @Inject
    EstateStore store;

    @Inject
    PublishingRules rules;

    @RolesAllowed(Roles.VIEWER)
    @GET
    public List<PublishingRuleSpec> list() {
        return store.list(rules);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("{id}")
    public PublishingRuleSpec get(@PathParam("id") UUID id) {
        return store.get(rules, id);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Operation(summary = "Create a publishing rule (or update the one with the same ISA server, listener and host name)")
    public Response post(@Valid PublishingRuleSpec spec) {
        return EstateResponses.written(store.put(rules, spec));
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{id}")
    public Response put(@PathParam("id") UUID id, @Valid PublishingRuleSpec spec) {
        if (spec.id() != null && !spec.id().equals(id)) {
            throw Refusal.invalid("id in the body (" + spec.id() + ") differs from the path (" + id + ")");
        }
        return EstateResponses.written(store.put(rules,
                new PublishingRuleSpec(id, spec.isaServer(), spec.webListener(), spec.publicHostName(), spec.casServers())));
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") UUID id) {
        store.delete(rules, id);
    }
}
