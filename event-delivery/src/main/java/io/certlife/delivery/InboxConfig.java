package io.certlife.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How consumers retry an event whose effect fails ({@code certlife.inbox.*}). */
@ConfigMapping(prefix = "certlife.inbox")
public interface InboxConfig {

    /**
     * How long an event whose effect keeps failing (the database down, a lock, a bug) is retried, its partition held,
     * before it becomes a dead letter with the attempts and the last failure.
     */
    @WithDefault("10m")
    Duration retryFor();

    /** The first wait between attempts; it doubles up to {@link #maxBackoff()}. */
    @WithDefault("500ms")
    Duration initialBackoff();

    @WithDefault("30s")
    Duration maxBackoff();

    /**
     * How long a processed event's id is kept to recognise a redelivery: longer than the broker keeps records (7 days
     * by default), so that nothing the broker can still redeliver is applied twice.
     */
    @WithDefault("P14D")
    Duration retention();
}
