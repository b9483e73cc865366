package dev.quiver.api.validation;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Locale;
import java.util.Map;

/**
 * Five-field cron expressions as Kubernetes CronJobs take them, parsed by cron-utils with its Unix definition:
 * numbers, {@code *}, ranges, lists, steps, month names ({@code JAN}-{@code DEC}) and day names ({@code MON-FRI};
 * Sunday is 0 or 7). What the Unix definition lacks and Kubernetes accepts is translated first, as Kubernetes' own
 * parser does: the macros {@code @hourly}, {@code @daily} … and {@code ?} for "any" in the day fields.
 * ({@code @every <duration>} is not a cron expression and stays rejected.)
 */
public final class Cron {

    private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
    private static final String[] RANGES = {"0-59", "0-23", "1-31", "1-12 or JAN-DEC", "0-7 or SUN-SAT"};
    private static final String SYNTAX = "minute hour day-of-month month day-of-week";
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    private static final CronParser PARSER = new CronParser(UNIX);

    private Cron() {
    }

    /** What is wrong with the expression, or null when it is valid. */
    public static String problem(String expression) {
        try {
            parse(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Parses an expression into cron-utils' model (for {@code ExecutionTime}).
     *
     * @throws IllegalArgumentException with what is wrong, in words a person can act on (no "cron" prefix)
     */
    public static com.cronutils.model.Cron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("is required, e.g. '*/5 * * * *'");
        }
        String trimmed = expression.trim();
        String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
        if (trimmed.startsWith("@") && macro == null) {
            throw new IllegalArgumentException("'" + expression + "' is not a macro Kubernetes knows; use one of "
                    + "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or 5 fields: " + SYNTAX);
        }
        String[] fields = (macro != null ? macro : trimmed).split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + expression + "' has " + fields.length
                    + " fields; a cron expression has 5: " + SYNTAX);
        }
        for (int day : new int[] {2, 4}) {
            if (fields[day].equals("?")) {
                fields[day] = "*";
            }
        }
        try {
            com.cronutils.model.Cron cron = PARSER.parse(String.join(" ", fields));
            cron.validate();
            return cron;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(fields, expression, e));
        }
    }

    /** Names the field that is wrong: each field is tried alone, the others {@code *}. */
    private static String describe(String[] fields, String expression, IllegalArgumentException whole) {
        for (int i = 0; i < fields.length; i++) {
            String[] alone = {"*", "*", "*", "*", "*"};
            alone[i] = fields[i];
            try {
                PARSER.parse(String.join(" ", alone)).validate();
            } catch (IllegalArgumentException e) {
                return "'" + fields[i] + "' is not a valid " + FIELDS[i] + " field (" + RANGES[i] + "): "
                        + reason(e);
            }
        }
        return "'" + expression + "' is not a valid cron expression (" + SYNTAX + "): " + reason(whole);
    }

    private static String reason(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        return message.replace("Failed to parse cron expression. ", "");
    }
}
