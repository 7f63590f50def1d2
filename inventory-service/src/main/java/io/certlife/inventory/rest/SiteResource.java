package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.inventory.estate.EstateStore;
import io.certlife.inventory.estate.SiteSpec;
import io.certlife.inventory.estate.Sites;
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

/** Active Directory sites: their time zone and owner. */
@Audited
@Path("/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "estate")
public class SiteResource {

    @Inject
    EstateStore store;

    @Inject
    Sites sites;

    @RolesAllowed(Roles.VIEWER)
    @GET
    public List<SiteSpec> list() {
        return store.list(sites);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("{name}")
    public SiteSpec get(@PathParam("name") String name) {
        return store.get(sites, name);
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{name}")
    public Response put(@PathParam("name") String name, @Valid SiteSpec spec) {
        EstateResponses.requireSame("name", name, spec.name());
        return EstateResponses.written(store.put(sites, spec));
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{name}")
    public void delete(@PathParam("name") String name) {
        store.delete(sites, name);
    }
}
