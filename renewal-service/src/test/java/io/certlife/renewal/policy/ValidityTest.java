package io.certlife.renewal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidityTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "one year by default                  | -                    | -   | -                    | 2027-11-22T00:00:00Z",
        "aligned to the external certificate  | 2027-03-01T00:00:00Z | -   | -                    | 2027-03-01T00:00:00Z",
        "aligned beyond the maximum is capped | 2030-01-01T00:00:00Z | -   | -                    | 2028-11-21T00:00:00Z",
        "the public cap wins                  | -                    | 200 | -                    | 2027-06-10T00:00:00Z",
        "never beyond the issuing CA          | -                    | -   | 2027-01-01T00:00:00Z | 2027-01-01T00:00:00Z",
    })
    void notAfter(String name, String alignTo, Integer capDays, String issuerNotAfter, String expected) {
        assertThat(Validity.notAfter(NOW, Duration.ofDays(365), alignTo == null ? null : Instant.parse(alignTo),
                Duration.ofDays(730), capDays, issuerNotAfter == null ? null : Instant.parse(issuerNotAfter)))
                .isEqualTo(Instant.parse(expected));
    }
}
