package io.certlife.renewal.policy;

import java.time.Duration;
import java.time.Instant;

/** When a self-signed or internal-CA replacement expires. Pure. */
public final class Validity {

    private Validity() {
    }

    /**
     * The requested end ({@code alignTo}, else {@code now + standard}), never later than {@code now + maxValidity},
     * than the public cap when one applies, or than the issuer's own notAfter.
     */
    public static Instant notAfter(Instant now, Duration standard, Instant alignTo, Duration maxValidity, Integer capDays,
                                   Instant issuerNotAfter) {
        Instant end = alignTo != null ? alignTo : now.plus(standard);
        end = min(end, now.plus(maxValidity));
        if (capDays != null) {
            end = min(end, now.plus(Duration.ofDays(capDays)));
        }
        return issuerNotAfter == null ? end : min(end, issuerNotAfter);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
