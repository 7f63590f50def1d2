package io.certlife.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaintenanceWindowTest {

    private static MaintenanceWindow weekly(DayOfWeek day, String start, String length) {
        return new MaintenanceWindow(day, null, LocalTime.parse(start), Duration.parse(length));
    }

    private static MaintenanceWindow once(String date, String start, String length) {
        return new MaintenanceWindow(null, LocalDate.parse(date), LocalTime.parse(start), Duration.parse(length));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    static Stream<Arguments> next() {
        return Stream.of(
                // name, zone, windows, earliest, deadline, expected start, expected end (null: none fits)
                Arguments.of("weekly, Saturday evening in Berlin (winter, UTC+1)", "Europe/Berlin",
                        List.of(weekly(DayOfWeek.SATURDAY, "20:00", "PT4H")), at("2027-01-04T09:00:00Z"), at("2027-02-01T00:00:00Z"),
                        at("2027-01-09T19:00:00Z"), at("2027-01-09T23:00:00Z")),
                Arguments.of("crossing midnight: Friday 22:00 for 6 hours ends Saturday 04:00", "Europe/London",
                        List.of(weekly(DayOfWeek.FRIDAY, "22:00", "PT6H")), at("2027-01-04T00:00:00Z"), at("2027-02-01T00:00:00Z"),
                        at("2027-01-08T22:00:00Z"), at("2027-01-09T04:00:00Z")),
                Arguments.of("a window already open at the earliest time is not taken: the next one is", "UTC",
                        List.of(weekly(DayOfWeek.MONDAY, "08:00", "PT4H")), at("2027-01-04T09:00:00Z"), at("2027-02-01T00:00:00Z"),
                        at("2027-01-11T08:00:00Z"), at("2027-01-11T12:00:00Z")),
                Arguments.of("spring forward: 02:30 does not exist in Berlin on 2027-03-28, the window starts at 03:30 CEST",
                        "Europe/Berlin", List.of(weekly(DayOfWeek.SUNDAY, "02:30", "PT2H")), at("2027-03-27T00:00:00Z"),
                        at("2027-04-10T00:00:00Z"), at("2027-03-28T01:30:00Z"), at("2027-03-28T03:30:00Z")),
                Arguments.of("fall back: 02:30 happens twice in Berlin on 2027-10-31, the window starts at the first (CEST)",
                        "Europe/Berlin", List.of(weekly(DayOfWeek.SUNDAY, "02:30", "PT2H")), at("2027-10-30T00:00:00Z"),
                        at("2027-11-10T00:00:00Z"), at("2027-10-31T00:30:00Z"), at("2027-10-31T02:30:00Z")),
                Arguments.of("a site in UTC+13 (Tonga): Sunday 01:00 local is Saturday 12:00 UTC", "Pacific/Tongatapu",
                        List.of(weekly(DayOfWeek.SUNDAY, "01:00", "PT3H")), at("2027-01-04T00:00:00Z"), at("2027-02-01T00:00:00Z"),
                        at("2027-01-09T12:00:00Z"), at("2027-01-09T15:00:00Z")),
                Arguments.of("a one-off date before the weekly window wins", "UTC",
                        List.of(weekly(DayOfWeek.SATURDAY, "20:00", "PT4H"), once("2027-01-06", "18:00", "PT2H")),
                        at("2027-01-04T00:00:00Z"), at("2027-02-01T00:00:00Z"), at("2027-01-06T18:00:00Z"), at("2027-01-06T20:00:00Z")),
                Arguments.of("a window that would end after the deadline does not fit", "UTC",
                        List.of(weekly(DayOfWeek.SATURDAY, "20:00", "PT4H")), at("2027-01-04T00:00:00Z"), at("2027-01-09T22:00:00Z"),
                        null, null),
                Arguments.of("no window before the deadline: an emergency", "UTC", List.of(once("2027-03-01", "20:00", "PT4H")),
                        at("2027-01-04T00:00:00Z"), at("2027-02-01T00:00:00Z"), null, null),
                Arguments.of("no windows at all", "UTC", List.of(), at("2027-01-04T00:00:00Z"), at("2027-02-01T00:00:00Z"), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("next")
    void theNextWindowThatFitsIsPlanned(String name, String zone, List<MaintenanceWindow> windows, Instant earliest, Instant deadline,
                                        Instant start, Instant end) {
        Optional<MaintenanceWindow.Occurrence> planned = MaintenanceWindow.next(windows, ZoneId.of(zone), earliest, deadline);
        assertThat(planned).isEqualTo(start == null ? Optional.empty() : Optional.of(new MaintenanceWindow.Occurrence(start, end)));
    }

    static Stream<Arguments> last() {
        return Stream.of(
                Arguments.of("the last Saturday before the deadline", "Europe/Berlin", List.of(weekly(DayOfWeek.SATURDAY, "20:00", "PT4H")),
                        at("2027-01-01T00:00:00Z"), at("2027-01-28T00:00:00Z"), at("2027-01-23T19:00:00Z")),
                Arguments.of("a window crossing the deadline is not the last chance", "UTC",
                        List.of(weekly(DayOfWeek.WEDNESDAY, "22:00", "PT6H")), at("2027-01-01T00:00:00Z"), at("2027-01-28T02:00:00Z"),
                        at("2027-01-20T22:00:00Z")),
                Arguments.of("none after the earliest time", "UTC", List.of(once("2026-12-24", "20:00", "PT4H")),
                        at("2027-01-01T00:00:00Z"), at("2027-01-28T00:00:00Z"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("last")
    void theLastChanceIsTheLatestWindowThatStillFits(String name, String zone, List<MaintenanceWindow> windows, Instant after,
                                                     Instant deadline, Instant start) {
        assertThat(MaintenanceWindow.last(windows, ZoneId.of(zone), after, deadline).map(MaintenanceWindow.Occurrence::start))
                .isEqualTo(Optional.ofNullable(start));
    }

    @org.junit.jupiter.api.Test
    void aWindowIsWeeklyOrOnceAndLastsUpToAWeek() {
        assertThatThrownBy(() -> new MaintenanceWindow(DayOfWeek.MONDAY, LocalDate.parse("2027-01-04"), LocalTime.NOON, Duration.ofHours(1)))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new MaintenanceWindow(null, null, LocalTime.NOON, Duration.ofHours(1))).hasMessageContaining("not neither");
        assertThatThrownBy(() -> weekly(DayOfWeek.MONDAY, "12:00", "PT0S")).hasMessageContaining("at most 7 days");
        assertThatThrownBy(() -> weekly(DayOfWeek.MONDAY, "12:00", "PT169H")).hasMessageContaining("at most 7 days");
    }
}
