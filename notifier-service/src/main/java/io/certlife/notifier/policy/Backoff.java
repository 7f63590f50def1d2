package io.certlife.notifier.policy;

import java.time.Duration;

/** When to try a failed delivery again. Pure. */
public final class Backoff {

    private Backoff() {
    }

    /**
     * {@code initial x 2^(attempt-1)}, capped at {@code max}, scaled by {@code jitter} (0.8 to 1.2, so that
     * many deliveries failing together do not retry together); a server's Retry-After wins when it is longer.
     */
    public static Duration delay(int attempt, Duration initial, Duration max, double jitter, Duration retryAfter) {
        int exponent = Math.min(Math.max(attempt, 1) - 1, 30);
        long millis = Math.min(max.toMillis(), initial.toMillis() * (1L << exponent));
        Duration backoff = Duration.ofMillis(Math.round(millis * jitter));
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }
}
