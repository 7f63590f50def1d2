package io.certlife.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Who may call this service ({@code certlife.access.*}). */
@ConfigMapping(prefix = "certlife.access")
public interface AccessConfig {

    /**
     * API tokens by name (a person, a platform, or another service): only the SHA-256 of each secret is configured
     * (from a Kubernetes Secret, or the launcher's data folder), never the secret.
     */
    Map<String, Token> tokens();

    /**
     * What an identity provider's roles (the claim {@code quarkus.oidc.roles.role-claim-path} names) mean here:
     * {@code certlife.access.role-mapping."certlife-admins"=admin}. A provider role not listed grants nothing.
     */
    Map<String, List<String>> roleMapping();

    /** The tokens made through the API ({@code POST /tokens} at inventory-service), for the services that do not keep them. */
    TokenStore tokenStore();

    /** Where the API's tokens are looked up. */
    interface TokenStore {

        /** inventory-service's base URL; none: only configured tokens are accepted (inventory keeps the store itself). */
        Optional<String> url();

        /** This service's own API token at inventory-service (any certlife role: a lookup needs {@code viewer}). */
        Optional<String> token();

        /**
         * How long an answer is reused: a token revoked at inventory-service is refused everywhere within this time
         * (and the lookup's own).
         */
        @WithDefault("PT0.5S")
        Duration cacheFor();
    }

    /** One API token. */
    interface Token {

        /** The SHA-256 of the token, 64 hex digits. */
        String sha256();

        /** Its roles ({@link Roles}). */
        List<String> roles();

        /** When it stops being accepted; none: until it is removed from the configuration. */
        Optional<Instant> expires();
    }
}
