package io.certlife.notifier.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The next moment a daily digest goes out. Pure. */
public final class DigestTime {

    private DigestTime() {
    }

    /** The first instant after {@code now} at which the wall clock in {@code zone} shows {@code localTime}. */
    public static Instant next(Instant now, LocalTime localTime, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime today = local.toLocalDate().atTime(localTime).atZone(zone);
        return (today.toInstant().isAfter(now) ? today : local.toLocalDate().plusDays(1).atTime(localTime).atZone(zone))
                .toInstant();
    }
}
