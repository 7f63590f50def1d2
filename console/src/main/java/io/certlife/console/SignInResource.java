package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.CallFailed;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sign-in with an API token (the local run, or wherever no identity provider is configured) and sign-out. The token is
 * checked by asking inventory-service who holds it ({@code GET /me}); the console keeps it only inside the sealed session
 * cookie, never in a log or a page.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(String error);
    }

    @Inject
    Services services;

    @Inject
    SessionSeal seal;

    @Inject
    ConsoleConfig config;

    @GET
    @Path("sign-in")
    @PermitAll
    public TemplateInstance form() {
        return Templates.signIn(null);
    }

    @POST
    @Path("sign-in")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("token") String token) {
        String presented = token == null ? "" : token.strip();
        if (presented.isEmpty()) {
            return refuse(400, "Enter your API token.");
        }
        if (!presented.startsWith("certlife_") || presented.length() > 200) {
            return refuse(400, "That is not a certlife API token: they start with certlife_.");
        }
        JsonNode me;
        try {
            me = services.get(Services.Service.INVENTORY, "/me", presented);
        } catch (CallFailed e) {
            return e.status() == 401 || e.status() == 403
                    ? refuse(401, "That token is not accepted: it is unknown, expired or revoked.")
                    : refuse(503, "Cannot check the token now: " + e.getMessage() + ". Try again in a moment.");
        }
        List<String> roles = new ArrayList<>();
        me.path("roles").forEach(role -> roles.add(role.asText()));
        Session session = new Session(presented, me.path("name").asText(), roles,
                Instant.now().plus(config.sessionLifetime()));
        return Response.seeOther(URI.create("/")).cookie(cookie(seal.seal(session), (int) config.sessionLifetime().toSeconds()))
                .build();
    }

    @POST
    @Path("sign-out")
    @PermitAll
    public Response signOut() {
        return Response.seeOther(URI.create("/sign-in")).cookie(cookie("", 0)).build();
    }

    private Response refuse(int status, String error) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.signIn(error)).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(SessionCookieMechanism.COOKIE).value(value).path("/").httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
