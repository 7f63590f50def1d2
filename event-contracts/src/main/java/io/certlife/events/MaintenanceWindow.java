package io.certlife.events;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A site's maintenance window, in the site's own time zone: every week on {@code day} (recurring) or once on
 * {@code date} (one-off), from local time {@code start} for {@code length} of elapsed time (so a window may cross
 * midnight, and one that starts in a daylight-saving gap starts when the clock resumes, as {@link ZonedDateTime#of}
 * reads local times; in a repeated hour it starts at the first of the two). Exactly one of {@code day} and
 * {@code date} is set. The static functions plan activations into a site's windows; they are pure.
 */
public record MaintenanceWindow(DayOfWeek day, LocalDate date, LocalTime start, Duration length) {

    /** The longest a window may last. */
    public static final Duration LONGEST = Duration.ofDays(7);

    public MaintenanceWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        if ((day == null) == (date == null)) {
            throw new IllegalArgumentException("a maintenance window has either a day (weekly) or a date (once), not "
                    + (day == null ? "neither" : "both"));
        }
        if (length.isNegative() || length.isZero() || length.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a maintenance window lasts more than nothing and at most 7 days, not " + length);
        }
    }

    /** One occurrence of a window: from {@code start} (inclusive) to {@code end} (exclusive). */
    public record Occurrence(Instant start, Instant end) {
    }

    /** The occurrences of the windows that overlap [{@code from}, {@code to}), in order of start. */
    public static List<Occurrence> occurrences(List<MaintenanceWindow> windows, ZoneId zone, Instant from, Instant to) {
        List<Occurrence> occurrences = new ArrayList<>();
        // a window that started up to 7 days before from may still be open at from
        LocalDate first = from.minus(LONGEST).atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
        for (MaintenanceWindow window : windows) {
            if (window.date() != null) {
                window.occurrenceOn(window.date(), zone).filter(o -> o.end().isAfter(from) && o.start().isBefore(to))
                        .ifPresent(occurrences::add);
                continue;
            }
            for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
                window.occurrenceOn(date, zone).filter(o -> o.end().isAfter(from) && o.start().isBefore(to)).ifPresent(occurrences::add);
            }
        }
        occurrences.sort(Comparator.comparing(Occurrence::start));
        return occurrences;
    }

    /**
     * The window to activate in: the first occurrence that starts at or after {@code earliest} and ends by
     * {@code deadline}; empty when none does (an emergency, or no windows at all).
     */
    public static Optional<Occurrence> next(List<MaintenanceWindow> windows, ZoneId zone, Instant earliest, Instant deadline) {
        return occurrences(windows, zone, earliest, deadline).stream()
                .filter(o -> !o.start().isBefore(earliest) && !o.end().isAfter(deadline)).findFirst();
    }

    /** The last occurrence that ends by {@code deadline} and starts after {@code after}: the latest chance to activate. */
    public static Optional<Occurrence> last(List<MaintenanceWindow> windows, ZoneId zone, Instant after, Instant deadline) {
        List<Occurrence> fitting = occurrences(windows, zone, after, deadline).stream()
                .filter(o -> !o.start().isBefore(after) && !o.end().isAfter(deadline)).toList();
        return fitting.isEmpty() ? Optional.empty() : Optional.of(fitting.get(fitting.size() - 1));
    }

    private Optional<Occurrence> occurrenceOn(LocalDate date, ZoneId zone) {
        if (day != null && date.getDayOfWeek() != day) {
            return Optional.empty();
        }
        Instant begins = ZonedDateTime.of(date, start, zone).toInstant();
        return Optional.of(new Occurrence(begins, begins.plus(length)));
    }
}
