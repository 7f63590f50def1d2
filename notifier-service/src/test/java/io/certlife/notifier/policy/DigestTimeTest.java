package io.certlife.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestTimeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "later today in Berlin              | 2026-11-22T05:00:00Z | 08:00 | Europe/Berlin    | 2026-11-22T07:00:00Z",
        "already past today: tomorrow       | 2026-11-22T09:00:00Z | 08:00 | Europe/Berlin    | 2026-11-23T07:00:00Z",
        "exactly now: tomorrow              | 2026-11-22T07:00:00Z | 08:00 | Europe/Berlin    | 2026-11-23T07:00:00Z",
        "Tokyo's morning is UTC's evening   | 2026-11-22T12:00:00Z | 08:00 | Asia/Tokyo       | 2026-11-22T23:00:00Z",
        "the day of the spring DST change   | 2026-03-29T00:30:00Z | 08:00 | Europe/Berlin    | 2026-03-29T06:00:00Z",
        "a time skipped by DST moves later  | 2026-03-29T00:00:00Z | 02:30 | Europe/Berlin    | 2026-03-29T01:30:00Z",
        "New York across the autumn change  | 2026-11-01T13:30:00Z | 09:00 | America/New_York | 2026-11-01T14:00:00Z",
    })
    void next(String name, String now, String localTime, String zone, String expected) {
        assertThat(DigestTime.next(Instant.parse(now), LocalTime.parse(localTime), ZoneId.of(zone))).isEqualTo(Instant.parse(expected));
    }
}
