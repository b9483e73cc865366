package dev.quiver.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Kubernetes and Knative users write them: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 2h}. */
public final class Durations {

    /** The schema pattern of a duration. */
    public static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";

    private static final Pattern WHOLE = Pattern.compile(PATTERN);
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

    private Durations() {
    }

    /** Whether the text is a duration. */
    public static boolean isValid(String text) {
        return text != null && WHOLE.matcher(text).matches();
    }

    /** Parses a duration; an invalid one is an {@link IllegalArgumentException} that quotes it. */
    public static Duration parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 500ms, 30s, 5m or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        return total;
    }
}
