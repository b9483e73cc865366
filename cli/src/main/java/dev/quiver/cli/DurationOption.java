package dev.quiver.cli;

import dev.quiver.api.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * The one parser of every timeout option: {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 500ms} as in Kubernetes
 * and Knative, or a plain number of seconds ({@code 300}), which the options took before.
 */
public final class DurationOption implements ITypeConverter<Duration> {

    /** The value for a command line. */
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * The duration written in {@code text}.
     *
     * @throws TypeConversionException with a message for the user when it is no duration
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip();
        if (!value.isEmpty() && value.length() <= 12 && value.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (Durations.isValid(value)) {
            return Durations.parse(value);
        }
        throw new TypeConversionException("expected a duration such as 30s, 2m, 1h30m or 500ms (a plain number is "
                + "seconds), got '" + text + "'");
    }

    /** A duration as the options write it: {@code 1h30m}, {@code 45s}, {@code 500ms}. */
    public static String format(Duration duration) {
        if (duration.toMillisPart() != 0 && duration.toSeconds() == 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || text.isEmpty()) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }
}
