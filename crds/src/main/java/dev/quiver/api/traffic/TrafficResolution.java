package dev.quiver.api.traffic;

import dev.quiver.api.TrafficTarget;
import java.util.List;

/**
 * The outcome of {@link TrafficResolver}: the resolved targets and what kept any target from resolving.
 * When there are problems the caller keeps serving the traffic it served before.
 *
 * @param targets  the resolved targets, in spec order, each naming a concrete revision
 * @param problems why some targets did not resolve; empty when all did
 */
public record TrafficResolution(List<TrafficTarget> targets, List<Problem> problems) {

    /** Whether every target resolved. */
    public boolean complete() {
        return problems.isEmpty();
    }

    /**
     * Why a target did not resolve.
     *
     * @param reason  CamelCase reason for a condition
     * @param message what a person should know
     * @param pending true when time may fix it (a revision still starting), false when the spec must change
     */
    public record Problem(String reason, String message, boolean pending) {

        static Problem pending(String reason, String message) {
            return new Problem(reason, message, true);
        }

        static Problem failed(String reason, String message) {
            return new Problem(reason, message, false);
        }
    }
}
