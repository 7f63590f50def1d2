package io.certlife.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where this service may send requests ({@code certlife.outbound.*}). */
@ConfigMapping(prefix = "certlife.outbound")
public interface OutboundConfig {

    /**
     * Networks that may be reached although denied by default (the estate's networks: {@code 10.0.0.0/8}; the local
     * run and the tests: loopback).
     */
    Optional<List<String>> allow();

    /** Networks never reached, whatever {@link #allow()} says. */
    Optional<List<String>> deny();

    /** How many redirects an HTTP fetch follows, each re-checked. */
    @WithDefault("3")
    int maxRedirects();

    /** The most bytes an HTTP fetch reads. */
    @WithDefault("1048576")
    int maxBytes();

    /** How long an HTTP fetch may take in all. */
    @WithDefault("10s")
    Duration timeout();
}
