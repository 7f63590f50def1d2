package io.certlife.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Renewals and maintenance windows ({@code certlife.windows.*}): a replacement is activated in a window of each site
 * it serves that ends {@link #safetyMargin()} before the old certificate expires, and its renewal comes at least
 * {@link #issuanceLead()} before the last such window.
 */
@ConfigMapping(prefix = "certlife.windows")
public interface WindowsConfig {

    /** The window must end this long before the old certificate expires (keep it equal to the notifier's task due margin). */
    @WithDefault("1d")
    Duration safetyMargin();

    /** How long issuing a replacement may take (a CA's answer to a CSR): the renewal comes this long before its window. */
    @WithDefault("2d")
    Duration issuanceLead();
}
