package io.certlife.inventory.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicValidityCapTest {

    @ParameterizedTest(name = "issued {0}: at most {1} days")
    @CsvSource({
            "2025-12-31T00:00:00Z, 398",
            "2026-03-14T23:59:59Z, 398",
            "2026-03-15T00:00:00Z, 200",
            "2027-03-14T23:59:59Z, 200",
            "2027-03-15T00:00:00Z, 100",
            "2029-03-14T23:59:59Z, 100",
            "2029-03-15T00:00:00Z, 47",
            "2035-01-01T00:00:00Z, 47"})
    void capForTheIssueDate(String issued, int days) {
        assertThat(PublicValidityCap.maxDays(Instant.parse(issued))).isEqualTo(days);
    }
}
