package io.certlife.renewal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The internal CA ({@code certlife.internal-ca.*}): its certificate and key from a Kubernetes Secret, or generated. */
@ConfigMapping(prefix = "certlife.internal-ca")
public interface InternalCaConfig {

    /** The CA certificate, PEM. */
    Optional<String> certificate();

    /** The CA private key, PEM (PKCS#8). */
    Optional<String> key();

    /** Without certificate and key: generate a CA at first start and keep it, sealed, in the database (local use). */
    @WithDefault("false")
    boolean generate();

    /** Subject of a generated CA. */
    @WithDefault("CN=certlife Internal CA,O=certlife")
    String subject();

    /** Validity of the leaves the CA issues. */
    @WithDefault("P365D")
    Duration leafValidity();

    /** CRL distribution points written into issued leaves (HTTP, so partners can reach them). */
    Optional<List<String>> crlUrls();

    /** CA Issuers URLs (AIA) written into issued leaves. */
    Optional<List<String>> caIssuersUrls();
}
