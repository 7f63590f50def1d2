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
    void theChartCountsEachWeekFromThisMondayAndScalesToTheBusiestWeek() {
        // 2026-12-03 is a Thursday: the first week starts on Monday 2026-11-30
        List<Estate.Week> weeks = Estate.weeks(List.of(NOW, NOW.plus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(8)),
                NOW.plus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(10))), List.of(NOW.plus(Duration.ofDays(8))), NOW);
        assertThat(weeks).hasSize(52);
        assertThat(weeks.get(0).start()).hasToString("2026-11-30");
        assertThat(weeks.get(0).expiring()).isEqualTo(2);
        assertThat(weeks.get(0).expiringWidth()).isEqualTo(100);
        assertThat(weeks.get(1).expiring()).isEqualTo(1);
        assertThat(weeks.get(1).planned()).isEqualTo(1);
        assertThat(weeks.get(1).plannedWidth()).isEqualTo(50);
        assertThat(weeks.stream().mapToInt(Estate.Week::expiring).sum()).as("past and beyond a year are not counted").isEqualTo(3);
    }
}
