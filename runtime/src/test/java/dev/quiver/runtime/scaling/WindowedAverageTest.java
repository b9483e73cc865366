package dev.quiver.runtime.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowedAverageTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final Duration SIX = Duration.ofSeconds(6);

    private final WindowedAverage series = new WindowedAverage(MINUTE);

    @Test
    void seriesWithoutSamplesAveragesZero() {
        assertThat(series.average(T0, MINUTE)).isZero();
    }

    @Test
    void samplesWithinOneSecondShareABucketAsTheirMean() {
        series.record(T0, 0);
        series.record(T0.plusMillis(300), 10);

        assertThat(series.average(T0.plusMillis(900), MINUTE)).isEqualTo(5);
    }

    @Test
    void freshSeriesAveragesOnlyTheSecondsSinceItsFirstSample() {
        series.record(T0, 30);
        series.record(T0.plusSeconds(1), 10);

        assertThat(series.average(T0.plusSeconds(1), MINUTE)).isEqualTo(20);
    }

    @Test
    void secondsWithoutSamplesCountAsZero() {
        series.record(T0, 12);
        series.record(T0.plusSeconds(3), 12);

        assertThat(series.average(T0.plusSeconds(3), MINUTE)).isEqualTo(6);
    }

    @Test
    void shortWindowSeesOnlyItsRecentSeconds() {
        for (int second = 0; second < 60; second++) {
            series.record(T0.plusSeconds(second), second < 54 ? 0 : 60);
        }
        Instant now = T0.plusSeconds(59);

        assertThat(series.average(now, SIX)).isEqualTo(60);
        assertThat(series.average(now, MINUTE)).isEqualTo(6);
    }

    @Test
    void samplesOlderThanTheWindowFallOut() {
        series.record(T0, 100);

        assertThat(series.average(T0.plusSeconds(59), MINUTE)).isCloseTo(100.0 / 60, within(1e-9));
        assertThat(series.average(T0.plusSeconds(60), MINUTE)).isZero();
    }

    @Test
    void ringReusesItsBucketsOverManyWindows() {
        for (int second = 0; second < 10_000; second++) {
            series.record(T0.plusSeconds(second), second % 2 == 0 ? 4 : 0);
        }

        assertThat(series.average(T0.plusSeconds(9_999), MINUTE)).isEqualTo(2);
    }

    @Test
    void lateSampleForAReusedBucketIsDropped() {
        series.record(T0.plusSeconds(60), 8);
        series.record(T0, 1_000);

        assertThat(series.average(T0.plusSeconds(60), SIX)).isEqualTo(8);
    }

    @Test
    void partialSecondWindowSpansWholeBuckets() {
        assertThat(WindowedAverage.bucketsOf(Duration.ofMillis(6_500))).isEqualTo(7);
        assertThat(WindowedAverage.bucketsOf(Duration.ofMillis(200))).isEqualTo(1);
    }
}
