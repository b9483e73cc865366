package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Five-field cron expressions matched against minutes. */
class CronScheduleTest {

    private static final ZonedDateTime MONDAY_0930 = ZonedDateTime.of(2026, 11, 30, 9, 30, 0, 0, ZoneId.of("Etc/UTC"));

    @Test
    void everyMinuteMatchesAnyMinute() {
        assertThat(CronSchedule.matches("* * * * *", MONDAY_0930)).isTrue();
    }

    @Test
    void stepsRangesAndListsSelectMinutes() {
        assertThat(CronSchedule.matches("*/15 * * * *", MONDAY_0930)).isTrue();
        assertThat(CronSchedule.matches("*/20 * * * *", MONDAY_0930)).isFalse();
        assertThat(CronSchedule.matches("0,30 9-17 * * *", MONDAY_0930)).isTrue();
        assertThat(CronSchedule.matches("30 10-17 * * *", MONDAY_0930)).isFalse();
    }

    @Test
    void restrictedDayFieldsMatchWhenEitherDoes() {
        assertThat(CronSchedule.matches("30 9 1 * 1", MONDAY_0930)).isTrue();
        assertThat(CronSchedule.matches("30 9 1 * 2", MONDAY_0930)).isFalse();
        assertThat(CronSchedule.matches("30 9 * * 0", MONDAY_0930.plusDays(6))).isTrue();
        assertThat(CronSchedule.matches("30 9 * * 7", MONDAY_0930.plusDays(6))).isTrue();
    }
}
