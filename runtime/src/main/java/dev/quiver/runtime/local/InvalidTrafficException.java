package dev.quiver.runtime.local;

import dev.quiver.api.validation.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** Traffic targets that cannot be served, with every problem and its field path. */
public final class InvalidTrafficException extends RuntimeException {

    private final transient List<Problem> problems;

    /** An exception listing the problems. */
    public InvalidTrafficException(List<Problem> problems) {
        super(problems.stream().map(p -> p.path() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found. */
    public List<Problem> problems() {
        return problems;
    }
}
