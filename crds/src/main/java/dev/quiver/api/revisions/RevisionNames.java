package dev.quiver.api.revisions;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names of a function's revisions: {@code <function>-00001}, {@code <function>-00002}… in creation order. */
public final class RevisionNames {

    private static final Pattern NUMBERED = Pattern.compile("^(.+)-(\\d{5,})$");

    private RevisionNames() {
    }

    /** The name of the n-th revision (n from 1) of a function. */
    public static String of(String functionName, int number) {
        if (number < 1) {
            throw new IllegalArgumentException("revision numbers start at 1, got " + number);
        }
        return String.format("%s-%05d", functionName, number);
    }

    /** The number of a revision of the given function, or empty when the name is not one of its revisions. */
    public static OptionalInt number(String functionName, String revisionName) {
        Matcher matcher = NUMBERED.matcher(revisionName);
        if (!matcher.matches() || !matcher.group(1).equals(functionName)) {
            return OptionalInt.empty();
        }
        String digits = matcher.group(2).replaceFirst("^0+(?=.)", "");
        // A number that does not fit an int was never made by of(); treat the name as foreign rather than fail.
        if (digits.length() > 9) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** The name that follows the newest of the given revision names (the first when there are none). */
    public static String next(String functionName, Iterable<String> existingRevisionNames) {
        int highest = 0;
        for (String name : existingRevisionNames) {
            highest = Math.max(highest, number(functionName, name).orElse(0));
        }
        return of(functionName, highest + 1);
    }
}
