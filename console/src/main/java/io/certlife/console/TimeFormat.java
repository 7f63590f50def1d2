package io.certlife.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages write an instant: {@code {since.utc}} is {@code 2026-12-13 00:30 UTC} (to the minute, in UTC). */
@TemplateExtension
public class TimeFormat {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static String utc(Instant instant) {
        return MINUTE.format(instant);
    }
}
