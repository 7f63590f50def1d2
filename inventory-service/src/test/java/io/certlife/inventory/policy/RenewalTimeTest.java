package io.certlife.inventory.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** cert-manager's renewal-time rule, case by named case. */
class RenewalTimeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("one year, no renewBefore: two thirds of the lifetime", Duration.ofDays(360), null,
                        T0.plus(Duration.ofDays(240))),
                Arguments.of("90 days, no renewBefore: day 60", Duration.ofDays(90), null, T0.plus(Duration.ofDays(60))),
                Arguments.of("one year, renewBefore 30 days", Duration.ofDays(360), Duration.ofDays(30),
                        T0.plus(Duration.ofDays(330))),
                Arguments.of("renewBefore longer than the lifetime falls back to two thirds", Duration.ofDays(47),
                        Duration.ofDays(60), T0.plus(Duration.ofHours(47 * 24 * 2 / 3))),
                Arguments.of("renewBefore equal to the lifetime falls back to two thirds", Duration.ofDays(30),
                        Duration.ofDays(30), T0.plus(Duration.ofDays(20))),
                Arguments.of("zero renewBefore is ignored", Duration.ofDays(30), Duration.ZERO, T0.plus(Duration.ofDays(20))),
                Arguments.of("negative renewBefore is ignored", Duration.ofDays(30), Duration.ofDays(-1),
                        T0.plus(Duration.ofDays(20))),
                Arguments.of("47-day public certificate: day 31 and a third", Duration.ofDays(47), null,
                        T0.plus(Duration.ofDays(47)).minus(Duration.ofDays(47).dividedBy(3))),
                Arguments.of("notAfter before notBefore: due at once", Duration.ofDays(-1), null, T0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void renewalTime(String name, Duration lifetime, Duration renewBefore, Instant expected) {
        assertThat(RenewalTime.of(T0, T0.plus(lifetime), Optional.ofNullable(renewBefore))).isEqualTo(expected);
    }
}
