package io.certlife.renewal.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.renewal.keys.KeyRotation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Key-encryption key rotation. */
@Audited
@Path("/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    @Inject
    KeyRotation rotation;

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/rotation")
    @Operation(summary = "Re-wrap every data key with the current KEK", description = "Deploy the new KEK as certlife.keys.kek "
            + "with a new kek-id and keep the old one under certlife.keys.previous-keks.<id>; this re-wraps the data keys (the "
            + "key ciphertexts stay as they are). 'remaining' 0 means the old KEK can be removed.")
    public KeyRotation.Result rotate() {
        return rotation.rotate();
    }
}
