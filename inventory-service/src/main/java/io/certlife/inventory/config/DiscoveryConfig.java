package io.certlife.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** TLS discovery ({@code certlife.discovery.*}). */
@ConfigMapping(prefix = "certlife.discovery")
public interface DiscoveryConfig {

    /** Endpoints probed at the same time. */
    @WithDefault("32")
    int concurrency();

    /** Connect, STARTTLS and handshake timeout of one endpoint. */
    @WithDefault("3s")
    Duration timeout();

    /** Most addresses one CIDR range may expand to. */
    @WithDefault("1024")
    int maxCidrAddresses();

    /** The most endpoints one request may name (targets, plus a range's addresses times its ports). */
    @WithDefault("4096")
    int maxEndpoints();

    /** How often every slot is probed (a duration, or {@code off}). */
    @WithDefault("1h")
    String interval();

    /**
     * How long what an endpoint served is remembered without being seen again (an endpoint no longer probed: a slot
     * removed or moved); a replaced certificate is watched while it is seen served, so a stale row would watch it forever.
     */
    @WithDefault("P7D")
    java.time.Duration observationRetention();
}
