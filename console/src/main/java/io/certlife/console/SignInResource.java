package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.CallFailed;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sign-in with the identity provider where one is configured ({@link OidcSignIn}), with an API token always (the local
 * run, automation accounts, a provider that is away), and sign-out. Either way the token is checked by asking
 * inventory-service who holds it ({@code GET /me}: name and certlife roles); the console keeps it only inside the sealed
 * session cookie, never in a log or a page.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(String error, String provider);

        static native TemplateInstance signedIn(String name);
    }

    /** The cookie holding a sign-in under way at the provider, sent back only to the callback. */
    static final String PENDING_COOKIE = "certlife_oidc";
    private static final String CALLBACK = "sign-in/oidc";

    @Inject
    Services services;

    @Inject
    SessionSeal seal;

    @Inject
    ConsoleConfig config;

    @Inject
    OidcSignIn oidc;

    @GET
    @Path("sign-in")
    @PermitAll
    public TemplateInstance form() {
        return Templates.signIn(null, provider());
    }

    /** Sends the browser to the identity provider; 404 where none is configured. */
    @GET
    @Path("sign-in/oidc/start")
    @PermitAll
    public Response startOidc(@Context UriInfo uri) {
        if (!oidc.enabled()) {
            throw new NotFoundException("no identity provider is configured: sign in with an API token");
        }
        String redirect = config.oidc().publicUrl().map(url -> url.replaceAll("/+$", "") + "/" + CALLBACK)
                .orElse(uri.getBaseUri().resolve(CALLBACK).toString());
        OidcSignIn.Started started;
        try {
            started = oidc.start(redirect);
        } catch (OidcSignIn.Refused e) {
            return refuse(503, "Cannot sign in with " + oidc.name() + " now: " + e.getMessage() + ".");
        }
        return Response.seeOther(started.authorization())
                .cookie(pendingCookie(seal.seal(started.pending()), (int) OidcSignIn.PENDING_FOR.toSeconds())).build();
    }

    /**
     * Where the provider sends the browser back: the state must be the one this browser started with, the code is
     * exchanged (with the PKCE verifier) for the person's access token, and inventory-service says who that is. The
     * answer is a page that moves on to the console itself: the session cookie is SameSite=Strict, so it would not be
     * sent on a redirect that the provider's site started.
     */
    @GET
    @Path(CALLBACK)
    @PermitAll
    public Response finishOidc(@QueryParam("code") String code, @QueryParam("state") String state,
                               @QueryParam("error") String error, @QueryParam("error_description") String description,
                               @CookieParam(PENDING_COOKIE) String pendingCookie) {
        if (!oidc.enabled()) {
            throw new NotFoundException("no identity provider is configured: sign in with an API token");
        }
        java.util.Optional<OidcSignIn.Pending> pending = pendingCookie == null ? java.util.Optional.empty()
                : seal.open(pendingCookie, OidcSignIn.Pending.class);
        if (error != null) {
            return refuse(401, oidc.name() + " did not sign you in: " + error + (description == null ? "" : " (" + description + ")") + ".");
        }
        if (pending.isEmpty() || state == null || !state.equals(pending.get().state()) || code == null || code.isBlank()) {
            return refuse(400, "That sign-in did not start here, or took longer than "
                    + OidcSignIn.PENDING_FOR.toMinutes() + " minutes: start again.");
        }
        OidcSignIn.Tokens tokens;
        try {
            tokens = oidc.finish(pending.get(), code);
        } catch (OidcSignIn.Refused e) {
            return refuse(401, oidc.name() + " did not sign you in: " + e.getMessage() + ".");
        }
        Instant end = Instant.now().plus(config.sessionLifetime());
        Response.ResponseBuilder answer = session(tokens.accessToken(), tokens.expiresAt().isBefore(end) ? tokens.expiresAt() : end,
                "certlife's services do not accept " + oidc.name() + "'s token: their OIDC settings (issuer, audience) "
                        + "must match the console's", session -> Response.ok(Templates.signedIn(session.name())).type(MediaType.TEXT_HTML));
        return answer.cookie(pendingCookie("", 0)).build();
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
        return session(presented, Instant.now().plus(config.sessionLifetime()),
                "That token is not accepted: it is unknown, expired or revoked.", session -> Response.seeOther(URI.create("/")))
                .build();
    }

    /**
     * A session for the holder of {@code token} until {@code end}, as inventory-service names them: {@code then} with
     * the session cookie set, or the sign-in form saying why not ({@code notAccepted} when the services refuse the token).
     */
    private Response.ResponseBuilder session(String token, Instant end, String notAccepted,
                                             java.util.function.Function<Session, Response.ResponseBuilder> then) {
        JsonNode me;
        try {
            me = services.get(Services.Service.INVENTORY, "/me", token);
        } catch (CallFailed e) {
            return Response.fromResponse(e.status() == 401 || e.status() == 403
                    ? refuse(401, notAccepted)
                    : refuse(503, "Cannot check the token now: " + e.getMessage() + ". Try again in a moment."));
        }
        List<String> roles = new ArrayList<>();
        me.path("roles").forEach(role -> roles.add(role.asText()));
        Session session = new Session(token, me.path("name").asText(), roles, end);
        return then.apply(session).cookie(cookie(seal.seal(session),
                (int) Math.max(1, java.time.Duration.between(Instant.now(), end).toSeconds())));
    }

    @POST
    @Path("sign-out")
    @PermitAll
    public Response signOut() {
        return Response.seeOther(URI.create("/sign-in")).cookie(cookie("", 0)).build();
    }

    private Response refuse(int status, String error) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.signIn(error, provider())).build();
    }

    /** The provider's name for the sign-in button; null where none is configured. */
    private String provider() {
        return oidc.enabled() ? oidc.name() : null;
    }

    /** Lax: the browser must send it on the provider's top-level redirect back; only to the callback, HttpOnly. */
    private NewCookie pendingCookie(String value, int maxAge) {
        return new NewCookie.Builder(PENDING_COOKIE).value(value).path("/" + CALLBACK).httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(SessionCookieMechanism.COOKIE).value(value).path("/").httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
