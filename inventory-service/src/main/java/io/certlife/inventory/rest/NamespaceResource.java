package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.inventory.estate.EstateStore;
import io.certlife.inventory.estate.NamespaceSpec;
import io.certlife.inventory.estate.Namespaces;
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

/** Client namespaces and the servers and services that answer for them. */
@Audited
@Path("/namespaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "estate")
public class NamespaceResource {

    @Inject
    EstateStore store;

    @Inject
    Namespaces namespaces;

    @RolesAllowed(Roles.VIEWER)
    @GET
    public List<NamespaceSpec> list() {
        return store.list(namespaces);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("{name}")
    public NamespaceSpec get(@PathParam("name") String name) {
        return store.get(namespaces, name);
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{name}")
    public Response put(@PathParam("name") String name, @Valid NamespaceSpec spec) {
        EstateResponses.requireSame("name", name.toLowerCase(), spec.name());
        return EstateResponses.written(store.put(namespaces, spec));
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{name}")
    public void delete(@PathParam("name") String name) {
        store.delete(namespaces, name);
    }
}
