package io.certlife.renewal.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to renew a certificate whose ACME CA publishes renewal information (ARI, RFC 9773): a uniformly random point
 * of the CA's suggested window, kept while the window still holds it, so that a window the CA moves earlier (a mass
 * revocation) moves the renewal earlier; and when to ask the CA again. Pure.
 */
public final class AriSchedule {

    /** How often the window is asked for when the CA says nothing (RFC 9773 suggests a few times a day). */
    public static final Duration DEFAULT_RECHECK = Duration.ofHours(6);
    /** The bounds RFC 9773 section 4.3 gives as reasonable for the CA's Retry-After. */
    public static final Duration SHORTEST_RECHECK = Duration.ofMinutes(1);
    public static final Duration LONGEST_RECHECK = Duration.ofHours(24);

    private AriSchedule() {
    }

    /**
     * The renewal time for the window [{@code start}, {@code end}): {@code previous} while it lies inside; otherwise a
     * uniformly random point of what is left of the window from {@code now}; {@code now} when the window is over or empty.
     */
    public static Instant renewAt(Instant start, Instant end, Instant previous, Instant now, RandomGenerator random) {
        if (previous != null && !previous.isBefore(start) && previous.isBefore(end)) {
            return previous;
        }
        Instant from = start.isAfter(now) ? start : now;
        if (!end.isAfter(from)) {
            return now;
        }
        return from.plusMillis(random.nextLong(Duration.between(from, end).toMillis()));
    }

    /** When to ask the CA for the window again: its Retry-After within the RFC's bounds, else in {@link #DEFAULT_RECHECK}. */
    public static Instant nextCheck(Optional<Instant> retryAfter, Instant now) {
        Instant next = retryAfter.orElse(now.plus(DEFAULT_RECHECK));
        Instant earliest = now.plus(SHORTEST_RECHECK);
        Instant latest = now.plus(LONGEST_RECHECK);
        return next.isBefore(earliest) ? earliest : next.isAfter(latest) ? latest : next;
    }
}
