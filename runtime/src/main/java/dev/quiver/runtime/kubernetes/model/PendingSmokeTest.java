package dev.quiver.runtime.kubernetes.model;

import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutReport.SmokeTestRun;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.rollout.SmokeTestResult;
import java.util.List;
import java.util.Optional;

/**
 * A smoke test the runtime's leader owes a rollout: the controller put the Function's rollout in
 * {@code SmokeTesting} ({@code status.rollout}) and the report holds no run for that revision and step start yet.
 * It is identified by the revision and {@code stepStartedAt}, so a rollout of the same revision started again gets
 * a new run, and one already reported is never sent again.
 *
 * @param revision      the revision to test
 * @param stepStartedAt when the smoke-test step began
 * @param requests      the requests of {@code spec.rollout.smokeTest}
 */
public record PendingSmokeTest(String revision, String stepStartedAt, List<SmokeRequest> requests) {

    /** Copies the list; none when null. */
    public PendingSmokeTest {
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    /**
     * The smoke test due for a Function, if any.
     *
     * @param spec   {@code spec.rollout}, or null when the Function has none
     * @param status {@code status.rollout}, or null before its first rollout
     * @param last   the run already in the Function's report, or null
     */
    public static Optional<PendingSmokeTest> of(RolloutSpec spec, RolloutStatus status, SmokeTestRun last) {
        if (spec == null || status == null || status.phase != RolloutPhase.SmokeTesting || status.revision == null
                // without a step start no run could ever match it: wait for the controller to write one
                || status.stepStartedAt == null) {
            return Optional.empty();
        }
        if (last != null && last.isFor(status.revision, status.stepStartedAt)) {
            return Optional.empty();
        }
        return Optional.of(new PendingSmokeTest(status.revision, status.stepStartedAt,
                spec.smokeTestOrDefault().requests));
    }

    /** The run to report once the smoke test ended. */
    public SmokeTestRun run(SmokeTestResult result) {
        return new SmokeTestRun(revision, stepStartedAt, result.passed(), result.message());
    }
}
