package dev.quiver.runtime.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void everyFiveMinutesFiresOnTheNextMultipleOfFive() {
        assertThat(fires("*/5 * * * *", "2026-03-10T10:07:30Z", 3))
                .containsExactly("2026-03-10T10:10Z", "2026-03-10T10:15Z", "2026-03-10T10:20Z");
    }

    @Test
    void theNextFireIsStrictlyAfterTheGivenInstant() {
        assertThat(fires("*/5 * * * *", "2026-03-10T10:10:00Z", 1)).containsExactly("2026-03-10T10:15Z");
    }

    @Test
    void rangesAndListsCombine() {
        // minutes 0 and 30, hours 9 to 11
        assertThat(fires("0,30 9-11 * * *", "2026-03-10T11:45:00Z", 4))
                .containsExactly("2026-03-11T09:00Z", "2026-03-11T09:30Z", "2026-03-11T10:00Z", "2026-03-11T10:30Z");
    }

    @Test
    void stepsOverARangeAndFromAStart() {
        assertThat(fires("10-30/10 * * * *", "2026-03-10T10:00:00Z", 4))
                .containsExactly("2026-03-10T10:10Z", "2026-03-10T10:20Z", "2026-03-10T10:30Z", "2026-03-10T11:10Z");
        assertThat(fires("50/5 * * * *", "2026-03-10T10:00:00Z", 3))
                .containsExactly("2026-03-10T10:50Z", "2026-03-10T10:55Z", "2026-03-10T11:50Z");
    }

    @Test
    void weekdaysOnlySkipTheWeekendAndSevenIsSunday() {
        // 2026-03-13 is a Friday
        assertThat(fires("0 8 * * 1-5", "2026-03-13T09:00:00Z", 2)).containsExactly("2026-03-16T08:00Z", "2026-03-17T08:00Z");
        assertThat(fires("0 8 * * 7", "2026-03-13T09:00:00Z", 1)).containsExactly("2026-03-15T08:00Z");
        assertThat(fires("0 8 * * 0", "2026-03-13T09:00:00Z", 1)).containsExactly("2026-03-15T08:00Z");
    }

    @Test
    void dayAndMonthNamesReadAsKubernetesReadsThem() {
        // 2026-03-13 is a Friday
        assertThat(fires("0 9 * * MON-FRI", "2026-03-13T10:00:00Z", 2)).containsExactly("2026-03-16T09:00Z", "2026-03-17T09:00Z");
        assertThat(fires("0 0 1 JAN,jul *", "2026-02-01T00:00:00Z", 2)).containsExactly("2026-07-01T00:00Z", "2027-01-01T00:00Z");
    }

    @Test
    void everyFifteenMinutesAndTheHourlyMacro() {
        assertThat(fires("*/15 * * * *", "2026-03-10T10:07:30Z", 2)).containsExactly("2026-03-10T10:15Z", "2026-03-10T10:30Z");
        assertThat(fires("@hourly", "2026-03-10T10:07:30Z", 2)).containsExactly("2026-03-10T11:00Z", "2026-03-10T12:00Z");
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekFireOnEither() {
        // the 1st of the month or any Monday, as cron and Kubernetes read it
        assertThat(fires("0 0 1 * 1", "2026-03-27T12:00:00Z", 3))
                .containsExactly("2026-03-30T00:00Z", "2026-04-01T00:00Z", "2026-04-06T00:00Z");
    }

    @Test
    void monthsAndTheLastDaysOfShortMonths() {
        assertThat(fires("0 12 31 * *", "2026-01-31T13:00:00Z", 2)).containsExactly("2026-03-31T12:00Z", "2026-05-31T12:00Z");
        assertThat(fires("15 6 1 1,7 *", "2026-02-01T00:00:00Z", 2)).containsExactly("2026-07-01T06:15Z", "2027-01-01T06:15Z");
    }

    @Test
    void aTimeZoneFiresOnItsOwnWallClock() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        CronExpression nineInTheMorning = CronExpression.parse("0 9 * * *");

        // winter: Paris is UTC+1; summer (from 29 March 2026): UTC+2
        assertThat(nineInTheMorning.next(Instant.parse("2026-03-27T12:00:00Z"), paris)).isEqualTo("2026-03-28T08:00:00Z");
        assertThat(nineInTheMorning.next(Instant.parse("2026-03-28T12:00:00Z"), paris)).isEqualTo("2026-03-29T07:00:00Z");
        assertThat(nineInTheMorning.next(Instant.parse("2026-03-27T12:00:00Z"), ZoneId.of("America/New_York")))
                .isEqualTo("2026-03-27T13:00:00Z"); // New York is on summer time (UTC-4) since 8 March
    }

    @Test
    void aWallClockTimeSkippedByTheClockChangeDoesNotFireThatDay() {
        // 02:30 does not exist in Paris on 29 March 2026
        Instant next = CronExpression.parse("30 2 * * *").next(Instant.parse("2026-03-28T12:00:00Z"), ZoneId.of("Europe/Paris"));

        assertThat(next).isEqualTo("2026-03-30T00:30:00Z");
    }

    @Test
    void anExpressionThatNeverMatchesHasNoNextFire() {
        assertThat(CronExpression.parse("0 0 30 2 *").next(Instant.parse("2026-01-01T00:00:00Z"), UTC)).isNull();
    }

    @Test
    void anInvalidExpressionIsRejectedWithTheReason() {
        assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid minute field");
        assertThatThrownBy(() -> CronExpression.parse("* * *")).hasMessageContaining("has 3 fields");
        assertThatThrownBy(() -> CronExpression.parse("0 9 * * MON-FRY")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cron 'MON-FRY' is not a valid day of week field");
    }

    private static List<String> fires(String cron, String after, int count) {
        CronExpression expression = CronExpression.parse(cron);
        List<String> fires = new ArrayList<>();
        ZonedDateTime t = Instant.parse(after).atZone(UTC);
        for (int i = 0; i < count; i++) {
            t = expression.next(t);
            fires.add(t.toString());
        }
        return fires;
    }
}
