package io.certlife.inventory.rest;

import io.certlife.access.IssuedTokens;
import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.tokens.ApiToken;
import io.certlife.inventory.tokens.TokenStore;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API tokens for automation and for runs without an identity provider, valid at every service: made and revoked by
 * admins here. The secret is in the creation's answer only.
 */
@Audited
@Path("/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "access")
public class TokenResource {

    /** What a new token is: a name (lower case, digits, dashes), its roles, and optionally its expiry. */
    public record TokenRequest(
            @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be 1-64 lower-case letters, digits or dashes")
            String name,
            @NotEmpty List<@NotNull String> roles,
            Instant expiresAt) {
    }

    /** A token as listed: never its secret or hash. */
    public record TokenView(String id, String name, List<String> roles, Instant createdAt, String createdBy,
                            Instant expiresAt, Instant revokedAt, String revokedBy, Instant lastUsedAt) {

        static TokenView of(ApiToken token) {
            return new TokenView(token.id.toString(), token.name, token.roles, token.createdAt, token.createdBy,
                    token.expiresAt, token.revokedAt, token.revokedBy, token.lastUsedAt);
        }
    }

    /** A new token with its secret, shown this once. */
    public record CreatedToken(String id, String name, List<String> roles, Instant expiresAt, String secret) {
    }

    @Inject
    TokenStore store;

    @Inject
    SecurityIdentity caller;

    @RolesAllowed(Roles.ADMIN)
    @POST
    public Response create(@Valid @NotNull TokenRequest request) {
        TokenStore.Created created = store.create(request.name(), request.roles(), request.expiresAt(),
                caller.getPrincipal().getName());
        ApiToken token = created.token();
        return Response.created(URI.create("/tokens/" + token.id))
                .entity(new CreatedToken(token.id.toString(), token.name, token.roles, token.expiresAt, created.secret()))
                .build();
    }

    @RolesAllowed(Roles.ADMIN)
    @GET
    public List<TokenView> list() {
        return store.list().stream().map(TokenView::of).toList();
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}")
    public TokenView revoke(@PathParam("id") String id) {
        return TokenView.of(store.revoke(uuid(id), caller.getPrincipal().getName()));
    }

    /** For the other services: who holds the token with this SHA-256 (404: nobody, or no longer). */
    @RolesAllowed(Roles.VIEWER)
    @POST
    @Path("lookup")
    public IssuedTokens.IssuedToken lookup(@NotNull IssuedTokens.Lookup lookup) {
        if (lookup.sha256() == null || !lookup.sha256().matches("[0-9a-fA-F]{64}")) {
            throw Refusal.invalid("sha256 must be 64 hex digits");
        }
        return store.find(lookup.sha256())
                .orElseThrow(() -> Refusal.notFound("no live token has this hash"));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("'" + id + "' is not a token id (a UUID)");
        }
    }
}
