package io.certlife.inventory.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a certificate should be renewed, after cert-manager's rule: {@code renewBefore} ahead of expiry
 * when it is set and shorter than the lifetime, otherwise once two thirds of the lifetime have passed.
 */
public final class RenewalTime {

    private RenewalTime() {
    }

    public static Instant of(Instant notBefore, Instant notAfter, Optional<Duration> renewBefore) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        if (lifetime.isNegative() || lifetime.isZero()) {
            return notBefore;
        }
        return renewBefore
                .filter(before -> !before.isNegative() && !before.isZero() && before.compareTo(lifetime) < 0)
                .map(notAfter::minus)
                .orElseGet(() -> notAfter.minus(lifetime.dividedBy(3)));
    }
}
