package io.certlife.console;

import java.time.Duration;
import java.time.Instant;

/**
 * How soon a certificate expires, in the bands Exchange's HealthChecker reports: expired, under 7 days, under 30, under
 * 60, fine. Every page writes the band as text beside its colour, so colour is never the only signal.
 */
public enum ExpiryBand {
    EXPIRED("expired"), UNDER_7("under 7 days"), UNDER_30("under 30 days"), UNDER_60("under 60 days"), FINE("fine");

    private final String label;

    ExpiryBand(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The CSS class of the band, e.g. {@code band-under-30}. */
    public String css() {
        return "band-" + name().toLowerCase().replace('_', '-');
    }

    public static ExpiryBand of(Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return EXPIRED;
        }
        long days = left.toDays();
        return days < 7 ? UNDER_7 : days < 30 ? UNDER_30 : days < 60 ? UNDER_60 : FINE;
    }

    /** Whole days from {@code now} to {@code notAfter}, negative once expired. */
    public static long daysLeft(Instant notAfter, Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400);
    }
}
