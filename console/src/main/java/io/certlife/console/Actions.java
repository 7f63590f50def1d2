package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.CallFailed;
import io.certlife.console.Services.Service;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the pages' buttons and download links do: the request goes to the service that owns it with the signed-in
 * user's token (so that service decides and audits), and an action returns to its page saying what happened
 * ({@link Flash}). Any signed-in user may ask; the pages offer each action to the roles the service accepts.
 */
@ApplicationScoped
public class Actions {

    @Inject
    Services services;

    @Inject
    SecurityIdentity identity;

    /** The id in a path: a UUID, or 404 naming what was looked for. */
    static String requireId(String id, String what) {
        try {
            UUID.fromString(id);
            return id;
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no " + what + " '" + id + "': its id is a UUID");
        }
    }

    /**
     * POSTs {@code body} (JSON, a PEM, or none) to {@code path} at {@code service}; 303 to {@code page}, which then says {@code done}
     * of the service's answer, or "{@code refused}: " and the service's reason.
     */
    Response forward(Service service, String path, Services.Body body, String page, Function<JsonNode, String> done,
                     String refused) {
        try {
            return Flash.redirect(page, false, done.apply(services.post(service, path, token(), body)));
        } catch (CallFailed e) {
            return Flash.redirect(page, true, refused + ": " + e.getMessage());
        }
    }

    /** A file from {@code service} as an attachment named {@code filename}: 404 when the service has none, 503 when away. */
    Response attachment(Service service, String path, String type, String filename) {
        try {
            return Response.ok(services.download(service, path, token(), type).body(), type)
                    .header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
        } catch (CallFailed e) {
            if (e.status() == 404 || e.status() == 409) {
                throw new NotFoundException(e.getMessage());
            }
            throw new ErrorPages.ServiceUnavailable(e.getMessage());
        }
    }

    /** The signed-in user's token, which every call to a service presents. */
    String token() {
        return identity.<Session>getAttribute(SessionCookieMechanism.SESSION).token();
    }
}
