package io.certlife.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bands at their edges, and the weekly chart's counting. */
class ExpiryBandTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void bandsAtTheirEdges() {
        assertThat(ExpiryBand.of(NOW, NOW)).isEqualTo(ExpiryBand.EXPIRED);
        assertThat(ExpiryBand.of(NOW.minusSeconds(1), NOW)).isEqualTo(ExpiryBand.EXPIRED);
        assertThat(ExpiryBand.of(NOW.plusSeconds(1), NOW)).isEqualTo(ExpiryBand.UNDER_7);
        assertThat(ExpiryBand.of(NOW.plus(Duration.ofDays(7)).minusSeconds(1), NOW)).isEqualTo(ExpiryBand.UNDER_7);
        assertThat(ExpiryBand.of(NOW.plus(Duration.ofDays(7)), NOW)).isEqualTo(ExpiryBand.UNDER_30);
        assertThat(ExpiryBand.of(NOW.plus(Duration.ofDays(30)), NOW)).isEqualTo(ExpiryBand.UNDER_60);
        assertThat(ExpiryBand.of(NOW.plus(Duration.ofDays(60)), NOW)).isEqualTo(ExpiryBand.FINE);
        assertThat(ExpiryBand.daysLeft(NOW.minus(Duration.ofHours(1)), NOW)).isEqualTo(-1);
        assertThat(ExpiryBand.UNDER_30.css()).isEqualTo("band-under-30");
    }

    @Test
    void theChartScalesEachWeekOfInventorysSummaryToTheBusiestWeek() throws Exception {
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                [{"start": "2026-11-30", "expiring": 2, "renewalsPlanned": 0},
                 {"start": "2026-12-07", "expiring": 1, "renewalsPlanned": 4},
                 {"start": "2026-12-14", "expiring": 0, "renewalsPlanned": 0}]""");
        List<Estate.Week> weeks = Estate.weeks(summary);
        assertThat(weeks).extracting(w -> w.start().toString()).containsExactly("2026-11-30", "2026-12-07", "2026-12-14");
        assertThat(weeks).extracting(Estate.Week::expiringWidth).containsExactly(50, 25, 0);
        assertThat(weeks).extracting(Estate.Week::plannedWidth).containsExactly(0, 100, 0);
        assertThat(Estate.weeks(new com.fasterxml.jackson.databind.ObjectMapper().readTree("[{\"start\": \"2026-11-30\"}]")))
                .singleElement().satisfies(w -> assertThat(w.expiringWidth()).as("an empty year has no bars").isZero());
    }
}
