package io.certlife.console;

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
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * The console's sign-in: a sealed session cookie ({@link SessionSeal}) is the identity of its user, with the certlife
 * roles the services gave at sign-in, so pages declare their role with {@code @RolesAllowed} like every certlife
 * endpoint. Without a valid cookie the user is anonymous, and a page that needs a role sends them to {@code /sign-in}.
 */
@ApplicationScoped
public class SessionCookieMechanism implements HttpAuthenticationMechanism {

    public static final String COOKIE = "certlife_session";
    /** The identity's attribute that holds its {@link Session}. */
    public static final String SESSION = "certlife.session";

    @Inject
    SessionSeal seal;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = context.request().getCookie(COOKIE);
        // a cookie that does not open (altered, sealed under another key, ended) leaves the user anonymous
        return (cookie == null ? java.util.Optional.<Session>empty() : seal.open(cookie.getValue(), Session.class))
                .map(session -> identities.authenticate(new SessionRequest(session)))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(303, "Location", "/sign-in"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionRequest.class);
    }

    /** A session opened from its cookie. */
    public static final class SessionRequest extends BaseAuthenticationRequest {

        private final Session session;

        SessionRequest(Session session) {
            this.session = session;
        }
    }

    /** The identity of an opened session's user. */
    @ApplicationScoped
    public static class SessionIdentities implements IdentityProvider<SessionRequest> {

        @Override
        public Class<SessionRequest> getRequestType() {
            return SessionRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(SessionRequest request, AuthenticationRequestContext context) {
            Session session = request.session;
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(session.name()))
                    .addRoles(Set.copyOf(session.roles()))
                    .addAttribute(SESSION, session)
                    .build());
        }
    }
}
