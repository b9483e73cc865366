package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.quiver.api.rollout.RolloutJudge;
import dev.quiver.api.rollout.SmokeTestResult;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the runtime reports of one Function's rollout on Kubernetes, for the controller that judges it: every
 * runtime replica's running counts per revision added up, and the result of the smoke test it ran. The runtime's
 * leader writes it as JSON in the annotation {@value #ANNOTATION} of a Lease {@code <function>-rollout} in the
 * Function's namespace, owned by the Function (as {@code TriggerReport} is written); the controller reads it on
 * each reconcile and stays the only writer of {@code status.rollout} and {@code status.traffic}.
 *
 * @param counts    the running counts by revision name, summed over the live runtime replicas
 * @param smokeTest the last smoke test the leader ran, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutReport(Map<String, RevisionCounts> counts, SmokeTestRun smokeTest) {

    /** The annotation of the Lease that carries the report. */
    public static final String ANNOTATION = "quiver.dev/rollout-report";

    private static final String SUFFIX = "-rollout";

    /** Sorted, never null. */
    public RolloutReport {
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
    }

    /** The name of the Lease that carries a Function's report. */
    public static String leaseName(String function) {
        return function + SUFFIX;
    }

    /**
     * A smoke test the runtime ran for a rollout's step 0.
     *
     * @param revision      the revision it tested
     * @param stepStartedAt {@code status.rollout.stepStartedAt} when it ran, so a later smoke test of the same
     *                      revision (a rollout started again) is not taken for this one
     * @param passed        whether every request met its expectation
     * @param message       what passed, or the first request that did not and why
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SmokeTestRun(String revision, String stepStartedAt, boolean passed, String message) {

        /** The result for {@link RolloutJudge}. */
        public SmokeTestResult result() {
            return new SmokeTestResult(passed, message);
        }

        /** Whether this run is the smoke test of that rollout step. */
        public boolean isFor(String revision, String stepStartedAt) {
            return this.revision != null && this.revision.equals(revision) && this.stepStartedAt != null
                    && this.stepStartedAt.equals(stepStartedAt);
        }
    }

    /** The annotation's text; the same report always gives the same text. */
    public String encode() {
        try {
            return ApiJson.json().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A report from the annotation's text; null when there is none or it does not parse. */
    public static RolloutReport decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ApiJson.json().readValue(text, RolloutReport.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
