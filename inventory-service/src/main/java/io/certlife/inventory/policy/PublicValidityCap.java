package io.certlife.inventory.policy;

import java.time.Instant;

/**
 * The longest validity the CA/Browser Forum allows a public TLS certificate issued at a given moment:
 * 398 days before 2026-03-15, then 200, 100 from 2027-03-15 and 47 from 2029-03-15.
 */
public final class PublicValidityCap {

    private static final Instant STEP_200 = Instant.parse("2026-03-15T00:00:00Z");
    private static final Instant STEP_100 = Instant.parse("2027-03-15T00:00:00Z");
    private static final Instant STEP_47 = Instant.parse("2029-03-15T00:00:00Z");

    private PublicValidityCap() {
    }

    public static int maxDays(Instant issuedAt) {
        if (issuedAt.isBefore(STEP_200)) {
            return 398;
        }
        if (issuedAt.isBefore(STEP_100)) {
            return 200;
        }
        return issuedAt.isBefore(STEP_47) ? 100 : 47;
    }
}
