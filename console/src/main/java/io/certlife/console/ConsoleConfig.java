package io.certlife.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The console's settings ({@code certlife.console.*}). */
@ConfigMapping(prefix = "certlife.console")
public interface ConsoleConfig {

    /** inventory-service's base URL, e.g. {@code http://inventory-service:8080}. */
    String inventoryUrl();

    /** renewal-service's base URL. */
    String renewalUrl();

    /** notifier-service's base URL. */
    String notifierUrl();

    /**
     * The key sessions are sealed with: 32 random bytes in base64 (a Kubernetes Secret; the launcher makes one). Changing
     * it signs everyone out.
     */
    String sessionKey();

    /** How long a sign-in lasts. */
    @WithDefault("8h")
    Duration sessionLifetime();

    /** Send the session cookie only over HTTPS: on wherever the console is reached through TLS. */
    @WithDefault("false")
    boolean secureCookie();

    /** How long a call to a service may take before its part of the page says it did not answer. */
    @WithDefault("10s")
    Duration callTimeout();

    /** Sign-in with an OpenID Connect provider (authorization code flow with PKCE), where one is configured. */
    OidcSettings oidc();

    /**
     * The identity provider people sign in with. Its access tokens are what the console then presents to the services,
     * which must accept them (their {@code quarkus.oidc.*}: same issuer, audience, role claim).
     */
    interface OidcSettings {

        /** The provider's issuer URL (its {@code /.well-known/openid-configuration} is read); none: API tokens only. */
        Optional<String> issuer();

        /** The console's client at the provider: a public client with the standard flow and PKCE (S256). */
        @WithDefault("certlife-console")
        String clientId();

        /** For a confidential client, its secret (a Secret); none for a public client. */
        Optional<String> clientSecret();

        /** The scopes asked for. */
        @WithDefault("openid")
        String scope();

        /** What the sign-in button calls the provider. */
        @WithDefault("single sign-on")
        String name();

        /**
         * The console's own address as browsers reach it (e.g. {@code https://certlife.example.org}), from which the
         * redirect URI {@code <public-url>/sign-in/oidc} is made; none: from the request.
         */
        Optional<String> publicUrl();
    }

    /** The 47-day readiness page's assumptions. */
    ReadinessSettings readiness();

    /** What the readiness plan assumes: how long private certificates are valid and how long each manual step takes. */
    interface ReadinessSettings {

        /** The validity of a private certificate (renewal-service's {@code certlife.internal-ca.leaf-validity}). */
        @WithDefault("P365D")
        Duration privateValidity();

        /** Minutes each manual step takes, by step ({@code Readiness.Step}); the defaults are estimates to replace. */
        Map<String, Integer> minutes();
    }
}
