package io.certlife.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The services' reconciliation loops ({@code certlife.reconcile.*}): level-triggered repairs of what a lost or
 * dead-lettered event left undone, each idempotent and safe on every replica.
 */
@ConfigMapping(prefix = "certlife.reconcile")
public interface ReconcileConfig {

    /** How often each loop looks (a duration, or {@code off}); the schedulers read it as {@code certlife.reconcile.interval}. */
    @WithDefault("5m")
    String interval();

    /**
     * How long a step may wait for the other service's answer before the loop repairs it (inventory: a renewal
     * acknowledging a {@code RenewalDue}; renewal: inventory registering an issued certificate), and how long it then
     * waits before repairing the same thing again.
     */
    @WithDefault("1h")
    Duration after();
}
