package dev.quiver.api.validation;

/** Syntax of five-field cron expressions, as Kubernetes CronJobs take them. */
public final class Cron {

    private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    private Cron() {
    }

    /** What is wrong with the expression, or null when it is valid. */
    public static String problem(String expression) {
        if (expression == null || expression.isBlank()) {
            return "is required, e.g. '*/5 * * * *'";
        }
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            return "'" + expression + "' has " + fields.length + " fields; a cron expression has 5: minute hour day-of-month month day-of-week";
        }
        for (int i = 0; i < 5; i++) {
            for (String part : fields[i].split(",", -1)) {
                if (!validPart(part, RANGES[i][0], RANGES[i][1])) {
                    return "'" + fields[i] + "' is not a valid " + FIELDS[i] + " field (" + RANGES[i][0] + "-" + RANGES[i][1] + ")";
                }
            }
        }
        return null;
    }

    private static boolean validPart(String part, int low, int high) {
        String[] stepSplit = part.split("/", -1);
        if (stepSplit.length > 2 || stepSplit.length == 2 && !inRange(stepSplit[1], 1, high)) {
            return false;
        }
        String range = stepSplit[0];
        if (range.equals("*")) {
            return true;
        }
        String[] bounds = range.split("-", -1);
        if (bounds.length == 1) {
            return inRange(bounds[0], low, high);
        }
        return bounds.length == 2 && inRange(bounds[0], low, high) && inRange(bounds[1], low, high)
                && Integer.parseInt(bounds[0]) <= Integer.parseInt(bounds[1]);
    }

    private static boolean inRange(String number, int low, int high) {
        if (number.isEmpty() || number.length() > 4 || !number.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int value = Integer.parseInt(number);
        return value >= low && value <= high;
    }
}
