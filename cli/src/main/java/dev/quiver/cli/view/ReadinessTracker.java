package dev.quiver.cli.view;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.conditions.ConditionTypes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the functions of a {@code quiver dev} session through successive listings and says what changed:
 * a function building, becoming ready on a revision, or failing with a reason. Only changes are reported,
 * so polling often prints nothing most of the time.
 */
public final class ReadinessTracker {

    private final int expectedFunctions;
    private final Map<String, String> lastState = new HashMap<>();
    private boolean settled;

    /**
     * @param expectedFunctions how many functions the session expects (the folders with a function.yaml), so
     *                          that the session is not called settled before the runtime has listed them all
     */
    public ReadinessTracker(int expectedFunctions) {
        this.expectedFunctions = expectedFunctions;
    }

    /** The lines that describe what changed since the previous listing. */
    public List<String> update(List<Function> functions) {
        List<String> lines = new ArrayList<>();
        boolean allSettled = functions.size() >= expectedFunctions;
        for (Function function : functions) {
            String name = function.getMetadata().getName();
            Condition ready = function.getStatus() == null ? null : function.getStatus().condition(ConditionTypes.READY);
            String state = describe(function, ready);
            if (!state.equals(lastState.put(name, state))) {
                lines.add(String.format("  %-20s %s", name, state));
            }
            allSettled &= ready != null && (ready.isTrue() || ready.isFalse());
        }
        settled = allSettled;
        return lines;
    }

    /** Whether, at the last listing, every expected function was either ready or failed. */
    public boolean settled() {
        return settled;
    }

    private static String describe(Function function, Condition ready) {
        if (ready == null) {
            return "starting";
        }
        String reason = ready.reason == null ? "" : " " + ready.reason;
        String message = ready.message == null ? "" : ": " + ready.message;
        if (ready.isTrue()) {
            return "ready on " + function.getStatus().latestReadyRevisionName;
        }
        return (ready.isFalse() ? "FAILED" : "in progress") + reason + message;
    }
}
