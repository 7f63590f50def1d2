package io.certlife.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {

    static Stream<Arguments> cases() {
        Duration initial = Duration.ofSeconds(30);
        Duration max = Duration.ofHours(1);
        return Stream.of(
                Arguments.of("first retry waits the initial delay", 1, initial, max, 1.0, null, Duration.ofSeconds(30)),
                Arguments.of("each retry doubles", 3, initial, max, 1.0, null, Duration.ofMinutes(2)),
                Arguments.of("the cap holds", 12, initial, max, 1.0, null, Duration.ofHours(1)),
                Arguments.of("a huge attempt count does not overflow", 400, initial, max, 1.0, null, Duration.ofHours(1)),
                Arguments.of("jitter scales the delay", 2, initial, max, 0.8, null, Duration.ofSeconds(48)),
                Arguments.of("a longer Retry-After wins", 1, initial, max, 1.0, Duration.ofMinutes(5), Duration.ofMinutes(5)),
                Arguments.of("a shorter Retry-After does not shorten the backoff", 2, initial, max, 1.0, Duration.ofSeconds(1),
                        Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void delay(String name, int attempt, Duration initial, Duration max, double jitter, Duration retryAfter, Duration expected) {
        assertThat(Backoff.delay(attempt, initial, max, jitter, retryAfter)).isEqualTo(expected);
    }
}
