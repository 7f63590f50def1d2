package io.certlife.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay ({@code certlife.outbox.*}). */
@ConfigMapping(prefix = "certlife.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unsent events when no commit woke it up. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Most events published per relay transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for the broker to acknowledge a batch before it retries. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** How long sent events stay in the outbox table (for audit and replay) before they are purged. */
    @WithDefault("P7D")
    Duration retention();

    /**
     * Unsent events from which a relay that cannot reach the broker makes the service unready; below it the outbox
     * absorbs the outage and the service stays in its Service's endpoints.
     */
    @WithDefault("1000")
    long unreadyBacklog();

    /** Whether this instance relays at all (turn off for a read-only replica). */
    @WithDefault("true")
    boolean enabled();
}
