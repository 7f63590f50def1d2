package io.certlife.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The API tokens made through the API ({@code POST /tokens}): inventory-service keeps them and answers lookups at
 * {@value #LOOKUP_PATH}; the other services ask it ({@link RemoteIssuedTokens}). A lookup carries the SHA-256 of the
 * presented secret, never the secret.
 */
public interface IssuedTokens {

    /** Where inventory-service answers lookups (POST, {@link Lookup} in, {@link IssuedToken} out, 404 when none). */
    String LOOKUP_PATH = "/tokens/lookup";

    /**
     * The live (unexpired, unrevoked) token with this SHA-256 (64 hex digits), if any; its use is recorded. Blocking:
     * called on a worker thread.
     */
    Optional<IssuedToken> find(String sha256);

    /** A lookup's question. */
    record Lookup(String sha256) {
    }

    /** A live token: its name, roles and expiry. */
    record IssuedToken(String name, List<String> roles, Instant expiresAt) {
    }
}
