package io.certlife.renewal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AriScheduleTest {

    private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    static Stream<Arguments> windows() {
        return Stream.of(
                // name, start, end, previous choice, earliest allowed, latest allowed (exclusive)
                Arguments.of("first look: a point of the window", at("2027-03-20T00:00:00Z"), at("2027-03-22T00:00:00Z"), null,
                        at("2027-03-20T00:00:00Z"), at("2027-03-22T00:00:00Z")),
                Arguments.of("a choice inside the window is kept", at("2027-03-20T00:00:00Z"), at("2027-03-22T00:00:00Z"),
                        at("2027-03-21T07:30:00Z"), at("2027-03-21T07:30:00Z"), at("2027-03-21T07:30:00.001Z")),
                Arguments.of("the window moved earlier (mass revocation): the renewal moves into it", at("2027-03-02T00:00:00Z"),
                        at("2027-03-03T00:00:00Z"), at("2027-03-21T07:30:00Z"), at("2027-03-02T00:00:00Z"), at("2027-03-03T00:00:00Z")),
                Arguments.of("the window moved later: a point of the new one", at("2027-04-10T00:00:00Z"), at("2027-04-12T00:00:00Z"),
                        at("2027-03-21T07:30:00Z"), at("2027-04-10T00:00:00Z"), at("2027-04-12T00:00:00Z")),
                Arguments.of("the window began already: between now and its end", at("2027-02-27T00:00:00Z"),
                        at("2027-03-02T00:00:00Z"), null, NOW, at("2027-03-02T00:00:00Z")),
                Arguments.of("the window is over: now", at("2027-02-20T00:00:00Z"), at("2027-02-21T00:00:00Z"), null, NOW,
                        NOW.plusMillis(1)),
                Arguments.of("an empty window: now", at("2027-03-20T00:00:00Z"), at("2027-03-20T00:00:00Z"), null, NOW,
                        NOW.plusMillis(1)),
                Arguments.of("a previous choice at the window's end is outside it", at("2027-03-20T00:00:00Z"),
                        at("2027-03-22T00:00:00Z"), at("2027-03-22T00:00:00Z"), at("2027-03-20T00:00:00Z"), at("2027-03-22T00:00:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void theRenewalTimeLiesWhereTheWindowSays(String name, Instant start, Instant end, Instant previous, Instant earliest,
                                              Instant latest) {
        LongStream.range(0, 200).forEach(seed -> assertThat(AriSchedule.renewAt(start, end, previous, NOW, new SplittableRandom(seed)))
                .isAfterOrEqualTo(earliest).isBefore(latest));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void aFreshChoiceSpreadsOverTheWindow(String name, Instant start, Instant end, Instant previous, Instant earliest, Instant latest) {
        long span = Duration.between(earliest, latest).toMillis();
        if (span < 1000) {
            return; // a single possible time: nothing to spread
        }
        long inFirstHalf = LongStream.range(0, 400).filter(seed -> AriSchedule.renewAt(start, end, previous, NOW,
                new SplittableRandom(seed)).isBefore(earliest.plusMillis(span / 2))).count();
        assertThat(inFirstHalf).as("uniform: about half of 400 choices in the first half").isBetween(150L, 250L);
    }

    static Stream<Arguments> rechecks() {
        return Stream.of(
                Arguments.of("no Retry-After: in 6 hours", Optional.empty(), NOW.plus(Duration.ofHours(6))),
                Arguments.of("Retry-After in 3 hours is taken", Optional.of(NOW.plus(Duration.ofHours(3))), NOW.plus(Duration.ofHours(3))),
                Arguments.of("Retry-After in 5 seconds: not before a minute", Optional.of(NOW.plusSeconds(5)), NOW.plus(Duration.ofMinutes(1))),
                Arguments.of("Retry-After in a week: not after a day", Optional.of(NOW.plus(Duration.ofDays(7))), NOW.plus(Duration.ofDays(1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rechecks")
    void theCaIsAskedAgainWithinTheRfcsBounds(String name, Optional<Instant> retryAfter, Instant expected) {
        assertThat(AriSchedule.nextCheck(retryAfter, NOW)).isEqualTo(expected);
    }
}
