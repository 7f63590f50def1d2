package io.certlife.inventory.tokens;

import io.certlife.access.ApiTokens;
import io.certlife.access.IssuedTokens;
import io.certlife.access.Roles;
import io.certlife.inventory.Refusal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The API tokens made through the API, kept by inventory-service for every service (the others ask it through
 * {@link IssuedTokens#LOOKUP_PATH}). A token's secret is shown once, at creation; only its SHA-256 is stored. A
 * token lives until its expiry (at most {@link #LONGEST}, {@link #USUAL} unless asked) or its revocation, whichever
 * comes first. Its last use is recorded to the minute.
 */
@ApplicationScoped
public class TokenStore implements IssuedTokens {

    /** The expiry of a token made without one. */
    public static final Duration USUAL = Duration.ofDays(90);
    /** The latest expiry a token may have. */
    public static final Duration LONGEST = Duration.ofDays(366);
    private static final Duration USE_PRECISION = Duration.ofMinutes(1);

    /** A new token and the secret that presents it, which nothing keeps. */
    public record Created(ApiToken token, String secret) {
    }

    private static final Logger LOG = Logger.getLogger(TokenStore.class);

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Transactional
    public Created create(String name, List<String> roles, Instant expiresAt, String by) {
        List<String> unknown = roles.stream().filter(role -> !Roles.ALL.contains(role)).toList();
        if (!unknown.isEmpty()) {
            throw Refusal.invalid("unknown roles " + unknown + ": a token's roles are some of " + Roles.ALL);
        }
        Instant now = clock.instant();
        Instant expiry = expiresAt == null ? now.plus(USUAL) : expiresAt;
        if (!expiry.isAfter(now) || expiry.isAfter(now.plus(LONGEST))) {
            throw Refusal.invalid("expiresAt must be in the future and at most " + LONGEST.toDays() + " days from now");
        }
        if (!live(name).isEmpty()) {
            throw Refusal.conflict("a token named '" + name + "' exists; revoke it before making another of that name");
        }
        String secret = ApiTokens.newSecret();
        ApiToken token = new ApiToken();
        token.id = UUID.randomUUID();
        token.name = name;
        token.sha256 = ApiTokens.sha256Hex(secret);
        token.roles = roles.stream().distinct().sorted().toList();
        token.createdAt = now;
        token.createdBy = by;
        token.expiresAt = expiry;
        entityManager.persist(token);
        LOG.infof("API token %s (%s) made by %s: roles %s, expires %s", name, token.id, by, token.roles, expiry);
        return new Created(token, secret);
    }

    /** Every token, live or not, newest first. */
    @Transactional
    public List<ApiToken> list() {
        return entityManager.createQuery("from ApiToken order by createdAt desc", ApiToken.class).getResultList();
    }

    /** Revokes a token: from now on (within the other services' cache time) it is refused. Revoking twice is harmless. */
    @Transactional
    public ApiToken revoke(UUID id, String by) {
        ApiToken token = entityManager.find(ApiToken.class, id);
        if (token == null) {
            throw Refusal.notFound("no token " + id);
        }
        if (token.revokedAt == null) {
            token.revokedAt = clock.instant();
            token.revokedBy = by;
            LOG.infof("API token %s (%s) revoked by %s", token.name, id, by);
        }
        return token;
    }

    /** The live token with this hash, if any, recording its use (to the minute); in a transaction of its own. */
    @Override
    public Optional<IssuedToken> find(String sha256) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<ApiToken> found = entityManager.createQuery(
                            "from ApiToken where sha256 = ?1 and revokedAt is null and expiresAt > ?2", ApiToken.class)
                    .setParameter(1, sha256.toLowerCase()).setParameter(2, now).getResultList();
            if (found.isEmpty()) {
                return Optional.<IssuedToken>empty();
            }
            ApiToken token = found.get(0);
            if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minus(USE_PRECISION))) {
                token.lastUsedAt = now;
            }
            return Optional.of(new IssuedToken(token.name, List.copyOf(token.roles), token.expiresAt));
        });
    }

    private List<ApiToken> live(String name) {
        return entityManager.createQuery("from ApiToken where name = ?1 and revokedAt is null", ApiToken.class)
                .setParameter(1, name).getResultList();
    }
}
