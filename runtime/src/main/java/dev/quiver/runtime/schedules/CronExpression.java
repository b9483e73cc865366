package dev.quiver.runtime.schedules;

import com.cronutils.model.time.ExecutionTime;
import dev.quiver.api.validation.Cron;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) as Kubernetes CronJobs read it, parsed
 * by {@link Cron} (cron-utils, Unix definition: names such as {@code MON-FRI} and {@code JAN}, Sunday 0 or 7, the
 * {@code @hourly}-style macros). When both day fields are restricted, a day matching either one fires; when one of
 * them is {@code *}, the other decides. Pure: the next fire time is computed from a given instant and time zone.
 */
public final class CronExpression {

    /** How far ahead a next fire time is looked for; an expression such as {@code 0 0 31 2 *} never fires. */
    private static final int MAX_YEARS_AHEAD = 5;

    private final String text;
    private final ExecutionTime executionTime;

    private CronExpression(String text, ExecutionTime executionTime) {
        this.text = text;
        this.executionTime = executionTime;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException saying what is wrong, as the API's validation says it
     */
    public static CronExpression parse(String expression) {
        try {
            return new CronExpression(expression.trim(), ExecutionTime.forCron(Cron.parse(expression)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron " + e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("cron " + Cron.problem(null), e);
        }
    }

    /**
     * The first fire time strictly after {@code after}, on the wall clock of {@code zone}; null when there is
     * none within five years. Wall-clock times skipped by a daylight-saving change do not fire that day.
     */
    public Instant next(Instant after, ZoneId zone) {
        ZonedDateTime next = next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    /** The first fire time strictly after {@code after}, in its zone; null when there is none within five years. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime limit = after.plusYears(MAX_YEARS_AHEAD);
        return executionTime.nextExecution(after)
                .map(next -> next.truncatedTo(ChronoUnit.MINUTES))
                .filter(next -> next.isBefore(limit))
                .orElse(null);
    }

    @Override
    public String toString() {
        return text;
    }
}
