package io.certlife.inventory.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.inventory.Slot;
import io.certlife.inventory.estate.Bindings;
import io.certlife.inventory.estate.EstateStore;
import io.certlife.inventory.estate.ServerSpec;
import io.certlife.inventory.estate.Servers;
import io.certlife.inventory.estate.SlotSpec;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Servers, and their bindings: which certificate each service on a server should serve. */
@Audited
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "estate")
public class ServerResource {

    @Inject
    EstateStore store;

    @Inject
    Servers servers;

    @Inject
    Bindings bindings;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("servers")
    public List<ServerSpec> list() {
        return store.list(servers);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("servers/{fqdn}")
    public ServerSpec get(@PathParam("fqdn") String fqdn) {
        return store.get(servers, fqdn);
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("servers/{fqdn}")
    public Response put(@PathParam("fqdn") String fqdn, @Valid ServerSpec spec) {
        EstateResponses.requireSame("fqdn", fqdn.toLowerCase(), spec.fqdn());
        return EstateResponses.written(store.put(servers, spec));
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("servers/{fqdn}")
    public void delete(@PathParam("fqdn") String fqdn) {
        store.delete(servers, fqdn);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("bindings")
    @Operation(summary = "Binding slots (server, service) -> intended certificate, optionally of one server, or of one "
            + "certificate (the slots it is intended or pending for)")
    public List<SlotSpec> bindings(@QueryParam("server") String server, @QueryParam("certificateId") UUID certificateId) {
        return (certificateId == null ? bindings.of(Optional.ofNullable(server)) : Slot.ofCertificate(certificateId).stream()
                .filter(slot -> server == null || slot.key.serverFqdn().equals(server.toLowerCase())).toList())
                .stream().map(bindings::spec).toList();
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("servers/{fqdn}/bindings/{service}")
    @Operation(summary = "Bind a certificate (by certificateId or thumbprint) to a service on a server")
    public Response putBinding(@PathParam("fqdn") String fqdn, @PathParam("service") ServiceKind service,
                               @Valid SlotSpec spec) {
        EstateResponses.requireSame("server", fqdn.toLowerCase(), spec.server());
        EstateResponses.requireSame("service", service.name(), spec.service() == null ? null : spec.service().name());
        return EstateResponses.written(store.put(bindings, spec));
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("servers/{fqdn}/bindings/{service}")
    public void deleteBinding(@PathParam("fqdn") String fqdn, @PathParam("service") ServiceKind service) {
        store.delete(bindings, new SlotRef(fqdn, service));
    }
}
