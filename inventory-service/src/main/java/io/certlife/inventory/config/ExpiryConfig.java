package io.certlife.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** The expiry sweep ({@code certlife.expiry.*}). */
@ConfigMapping(prefix = "certlife.expiry")
public interface ExpiryConfig {

    /** Days before notAfter at which {@code CertificateExpiring} is emitted, once each; expiry itself is always a notice. */
    @WithDefault("60,30,14,7,3,1")
    List<Integer> ladderDays();

    /** How often the sweep runs (a duration such as {@code 1m}, or {@code off}). */
    @WithDefault("1m")
    String sweepInterval();

    /** How long after start the first sweep waits. */
    @WithDefault("10s")
    String sweepDelay();

    /**
     * How long a replacement may stay issued but not seen served on every slot it replaces the old certificate on
     * before {@code DeploymentOverdue}; the old certificate stays watched either way.
     */
    @WithDefault("P7D")
    java.time.Duration deployWithin();

    /** Certificates handled per sweep transaction; memory stays flat however many certificates exist. */
    @WithDefault("500")
    int pageSize();
}
