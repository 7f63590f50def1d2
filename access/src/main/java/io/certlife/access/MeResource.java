package io.certlife.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Who the caller is to this service: the name its token or identity provider gives and its certlife roles. The console
 * asks it at sign-in to decide which actions to offer (the services still decide every call).
 */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /** The caller's name and certlife roles, in {@link Roles#ALL}'s order. */
    public record Me(String name, List<String> roles) {
    }

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Me me() {
        return new Me(identity.getPrincipal().getName(), Roles.ALL.stream().filter(identity::hasRole).toList());
    }
}
