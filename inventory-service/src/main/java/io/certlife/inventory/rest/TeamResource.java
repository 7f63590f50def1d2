package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.inventory.estate.EstateStore;
import io.certlife.inventory.estate.TeamSpec;
import io.certlife.inventory.estate.Teams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Teams that own sites and servers, and where they are reached. */
@Audited
@Path("/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "estate")
public class TeamResource {

    @Inject
    EstateStore store;

    @Inject
    Teams teams;

    @RolesAllowed(Roles.VIEWER)
    @GET
    public List<TeamSpec> list() {
        return store.list(teams);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("{name}")
    public TeamSpec get(@PathParam("name") String name) {
        return store.get(teams, name);
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{name}")
    public Response put(@PathParam("name") String name, @Valid TeamSpec spec) {
        EstateResponses.requireSame("name", name, spec.name());
        return EstateResponses.written(store.put(teams, spec));
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{name}")
    public void delete(@PathParam("name") String name) {
        store.delete(teams, name);
    }
}
