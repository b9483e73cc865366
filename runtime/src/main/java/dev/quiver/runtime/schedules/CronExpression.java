package dev.quiver.runtime.schedules;

import dev.quiver.api.validation.Cron;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) as Kubernetes CronJobs read it:
 * numbers, {@code *}, ranges {@code a-b}, lists {@code a,b}, steps {@code * /n}, {@code a-b/n} and {@code a/n};
 * Sunday is 0 or 7. When both day fields are restricted, a day matching either one fires; when one of them is
 * {@code *}, the other decides. Pure: the next fire time is computed from a given instant and time zone.
 */
public final class CronExpression {

    /** How far ahead a next fire time is looked for; an expression such as {@code 0 0 31 2 *} never fires. */
    private static final int MAX_YEARS_AHEAD = 5;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        this.minutes = parseField(fields[0], 0, 59);
        this.hours = parseField(fields[1], 0, 23);
        this.daysOfMonth = parseField(fields[2], 1, 31);
        this.months = parseField(fields[3], 1, 12);
        BitSet week = parseField(fields[4], 0, 7);
        if (week.get(7)) {
            week.set(0);
            week.clear(7);
        }
        this.daysOfWeek = week;
        this.anyDayOfMonth = fields[2].equals("*");
        this.anyDayOfWeek = fields[4].equals("*");
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException saying what is wrong, as the API's validation says it
     */
    public static CronExpression parse(String expression) {
        String problem = Cron.problem(expression);
        if (problem != null) {
            throw new IllegalArgumentException("cron " + problem);
        }
        return new CronExpression(expression.trim(), expression.trim().split("\\s+"));
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
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = after.plusYears(MAX_YEARS_AHEAD);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(t.getZone());
            } else if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t;
            }
        }
        return null;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dayOfMonth = daysOfMonth.get(t.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth || anyDayOfWeek) {
            return dayOfMonth && dayOfWeek;
        }
        return dayOfMonth || dayOfWeek;
    }

    /** The values a field allows; the syntax was checked by {@link Cron#problem} already. */
    private static BitSet parseField(String field, int low, int high) {
        BitSet values = new BitSet(high + 1);
        for (String part : field.split(",")) {
            String[] rangeAndStep = part.split("/");
            int step = rangeAndStep.length == 2 ? Integer.parseInt(rangeAndStep[1]) : 1;
            String range = rangeAndStep[0];
            int from;
            int to;
            if (range.equals("*")) {
                from = low;
                to = high;
            } else if (range.contains("-")) {
                from = Integer.parseInt(range.substring(0, range.indexOf('-')));
                to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                from = Integer.parseInt(range);
                // "a/n" means from a to the end of the range, every n
                to = rangeAndStep.length == 2 ? high : from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return text;
    }
}
