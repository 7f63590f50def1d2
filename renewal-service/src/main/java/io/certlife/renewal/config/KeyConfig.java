package io.certlife.renewal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * The key-encryption keys ({@code certlife.keys.*}), from a Kubernetes Secret in production. Without
 * {@code kek} the service refuses every private-key operation.
 */
@ConfigMapping(prefix = "certlife.keys")
public interface KeyConfig {

    /** The current key-encryption key: 32 random bytes, base64. */
    Optional<String> kek();

    /** The id stored beside every data key the current KEK wraps. */
    @WithDefault("kek-1")
    String kekId();

    /** Earlier KEKs by id (base64), kept until rotation has re-wrapped every data key. */
    Map<String, String> previousKeks();
}
