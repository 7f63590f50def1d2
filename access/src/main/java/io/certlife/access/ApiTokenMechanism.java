package io.certlife.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * {@code Authorization: Bearer certlife_...}: an API token. Without one the caller is anonymous (and refused 401 by
 * every endpoint that declares a role); with an unknown or expired one it is refused 401 at once. Other bearer tokens
 * are left to the OpenID Connect mechanism, when a provider is configured.
 */
@ApplicationScoped
public class ApiTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String token = header.substring(BEARER.length()).trim();
        if (!token.startsWith(ApiTokens.PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new ApiTokenRequest(new TokenCredential(token, "bearer")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"certlife\""));
    }

    /** Before OpenID Connect's mechanism, which would refuse a certlife token as a malformed JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }

    /**
     * A presented API token: a request type of its own, so that only {@link TokenIdentities} answers it (OpenID Connect's
     * identity provider answers the generic bearer token request, and the first provider that fails decides).
     */
    public static final class ApiTokenRequest extends BaseAuthenticationRequest {

        private final TokenCredential token;

        ApiTokenRequest(TokenCredential token) {
            this.token = token;
        }

        public TokenCredential getToken() {
            return token;
        }
    }

    /** Turns a presented API token into the identity of its holder. */
    @ApplicationScoped
    public static class TokenIdentities implements IdentityProvider<ApiTokenRequest> {

        @Inject
        ApiTokens tokens;

        @Override
        public Class<ApiTokenRequest> getRequestType() {
            return ApiTokenRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
            // a token made through the API may be looked up at another service: off the event loop
            return context.runBlocking(() -> tokens.holder(request.getToken().getToken())
                    .<SecurityIdentity>map(holder -> QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(holder.name()))
                            .addRoles(holder.roles())
                            .addCredential(request.getToken())
                            .build())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked API token")));
        }
    }
}
