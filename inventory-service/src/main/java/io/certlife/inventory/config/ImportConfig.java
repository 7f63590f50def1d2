package io.certlife.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of certificate import ({@code certlife.import.*}), so that hostile files cost little. */
@ConfigMapping(prefix = "certlife.import")
public interface ImportConfig {

    /** Largest single certificate file accepted, in bytes; larger is a 413. */
    @WithDefault("1048576")
    int maxFileBytes();

    /** Most files in one bulk import (multipart parts or zip entries). */
    @WithDefault("20000")
    int maxFiles();

    /** Certificates an import stores per flush of its transaction (they are all parsed first). */
    @WithDefault("1000")
    int pageSize();

    /** Largest total of a bulk import after unzipping, in bytes. */
    @WithDefault("52428800")
    long maxBulkBytes();

    /** Most certificates (and PKCS#12 bags) one file may hold. */
    @WithDefault("1000")
    int maxCertificates();

    /** Most subject alternative names a certificate may have (public CAs issue at most a few hundred). */
    @WithDefault("1000")
    int maxSubjectAltNames();

    /** Highest PKCS#12 MAC or encryption iteration count accepted; checked before any key derivation. */
    @WithDefault("1000000")
    int maxPkcs12Iterations();
}
