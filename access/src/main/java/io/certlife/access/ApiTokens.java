package io.certlife.access;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens this service accepts. A token is a random 256-bit secret with the {@value #PREFIX} prefix (so that a
 * leaked one is easy to find in logs and repositories); only its SHA-256 is known here, compared in constant time.
 */
@Startup
@ApplicationScoped
public class ApiTokens {

    /** Every certlife token starts with this. */
    public static final String PREFIX = "certlife_";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a token is and what it may do. */
    public record Holder(String name, Set<String> roles) {
    }

    @Inject
    AccessConfig config;

    @Inject
    Clock clock;

    /** A configured token, its hash parsed once. */
    private record Known(String name, byte[] sha256, Set<String> roles, Optional<Instant> expires) {
    }

    private List<Known> known;

    @Inject
    IssuedTokens issued;

    /** Checks the configuration (a misconfigured token or mapping stops the start) and parses the hashes once. */
    @PostConstruct
    void load() {
        config.roleMapping().forEach((providerRole, roles) -> roles.stream().filter(role -> !Roles.ALL.contains(role))
                .findFirst().ifPresent(role -> {
                    throw new IllegalStateException("certlife.access.role-mapping." + providerRole + " names an unknown role '"
                            + role + "' (one of " + Roles.ALL + ")");
                }));
        known = config.tokens().entrySet().stream().map(entry -> {
            String name = entry.getKey();
            AccessConfig.Token token = entry.getValue();
            if (!token.sha256().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("certlife.access.tokens." + name + ".sha256 is not 64 hex digits");
            }
            token.roles().stream().filter(role -> !Roles.ALL.contains(role)).findFirst().ifPresent(role -> {
                throw new IllegalStateException("certlife.access.tokens." + name + " names an unknown role '" + role
                        + "' (one of " + Roles.ALL + ")");
            });
            return new Known(name, HexFormat.of().parseHex(token.sha256()), Set.copyOf(token.roles()), token.expires());
        }).toList();
    }

    /**
     * The holder of an unexpired token with this secret, if any: a configured one, else one made through the API
     * ({@link IssuedTokens}, which may ask another service: call it on a worker thread).
     */
    public Optional<Holder> holder(String secret) {
        byte[] presented = sha256(secret);
        Instant now = clock.instant();
        for (Known token : known) {
            if (MessageDigest.isEqual(presented, token.sha256())) {
                boolean expired = token.expires().map(expiry -> !now.isBefore(expiry)).orElse(false);
                return expired ? Optional.empty() : Optional.of(new Holder(token.name(), token.roles()));
            }
        }
        return issued.find(HexFormat.of().formatHex(presented))
                .filter(token -> token.expiresAt() == null || now.isBefore(token.expiresAt()))
                .map(token -> new Holder(token.name(), Set.copyOf(token.roles())));
    }

    /** A new token secret: the prefix and 256 random bits, URL-safe base64. */
    public static String newSecret() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** The SHA-256 of a secret, hex: what configuration holds instead of the secret. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
