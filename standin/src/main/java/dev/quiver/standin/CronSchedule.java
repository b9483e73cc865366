package dev.quiver.standin;

import java.time.ZonedDateTime;

/**
 * Whether a five-field cron expression (numbers, {@code *}, ranges, steps, lists; day of week 0-7 with 0 and 7
 * Sunday) matches a minute. When both day fields are restricted, either matching is enough, as in cron.
 */
final class CronSchedule {

    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    private CronSchedule() {
    }

    static boolean matches(String expression, ZonedDateTime minute) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            return false;
        }
        int dayOfWeek = minute.getDayOfWeek().getValue() % 7;
        boolean dayOfMonthMatches = field(fields[2], minute.getDayOfMonth(), 2);
        boolean dayOfWeekMatches = field(fields[4], dayOfWeek, 4) || (dayOfWeek == 0 && field(fields[4], 7, 4));
        boolean restrictedDays = !fields[2].startsWith("*") && !fields[4].startsWith("*");
        boolean day = restrictedDays ? dayOfMonthMatches || dayOfWeekMatches : dayOfMonthMatches && dayOfWeekMatches;
        return field(fields[0], minute.getMinute(), 0) && field(fields[1], minute.getHour(), 1) && day
                && field(fields[3], minute.getMonthValue(), 3);
    }

    private static boolean field(String field, int value, int index) {
        for (String part : field.split(",")) {
            String[] stepSplit = part.split("/");
            int step = stepSplit.length == 2 ? Integer.parseInt(stepSplit[1]) : 1;
            int low;
            int high;
            if (stepSplit[0].equals("*")) {
                low = RANGES[index][0];
                high = RANGES[index][1];
            } else if (stepSplit[0].contains("-")) {
                String[] bounds = stepSplit[0].split("-");
                low = Integer.parseInt(bounds[0]);
                high = Integer.parseInt(bounds[1]);
            } else {
                low = Integer.parseInt(stepSplit[0]);
                high = stepSplit.length == 2 ? RANGES[index][1] : low;
            }
            if (value >= low && value <= high && (value - low) % step == 0) {
                return true;
            }
        }
        return false;
    }
}
