package dev.quiver.acceptance;

import dev.quiver.api.Function;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutDecision;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.RolloutVerdict;
import dev.quiver.api.SmokeExpectation;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.SmokeTest;
import dev.quiver.api.TrafficTarget;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Progressive delivery as a user sees it (issue 14), written once and run on each platform: under steady load a
 * good revision walks every step of a short canary plan to 100 %; a revision that answers 500 on 5 % of its requests
 * is rolled back within its first step, the stable revision answering with its own configuration (its env); a failing smoke
 * test keeps the new revision at 0 %; and {@code quiver rollout promote|abort} end a rollout that holds. Each
 * scenario has a function of its own made from the {@code greeter} sample (its source built once), whose
 * {@code GREETING} tells the revisions apart and whose {@code FAIL_EVERY} makes a bad revision by configuration only.
 */
abstract class RolloutScenarios extends PlatformScenarios {

    /** How long a short plan may take to end: a few 2 s steps, with room for a loaded machine. */
    static final Duration ROLLOUT_LIMIT = Duration.ofMinutes(2);
    /** How long a traffic change may take to reach the gateway (the cluster's goes through informers). */
    static final Duration ROUTES_LIMIT = HttpScenarios.ROUTES_LIMIT;
    /** What every request of the scenarios sends. */
    static final String BODY = "{\"name\":\"Ada\"}";

    /**
     * The short plan of the scenarios: 20 % and then 50 %, each holding 2 s, judged every 2 s over at least 20
     * requests with at most 1 % of them failing. Latency is not what these scenarios judge: a canary JVM just
     * started is slower than a warm stable one, so its limit is far out of reach.
     */
    static RolloutSpec shortPlan() {
        RolloutSpec plan = new RolloutSpec();
        plan.steps = List.of(RolloutStep.of(20, "2s"), RolloutStep.of(50, "2s"));
        plan.analysis = new RolloutAnalysis();
        plan.analysis.interval = "2s";
        plan.analysis.minRequests = 20;
        plan.analysis.maxErrorRate = 1.0;
        plan.analysis.maxLatencyRatio = 1000.0;
        return plan;
    }

    @Test
    @Order(1)
    void aGoodRevisionWalksEveryStepToAllTrafficFailingNoRequest() {
        String function = "greeter-good";
        String stable = deployServing(greeter(function, "good-a", "Ahoy", 0, shortPlan()));
        Load load = Load.steady(4, () -> gateway.post("/fn/" + function, BODY));
        try {
            String canary = platform.deploy(greeter(function, "good-b", "Hej", 0, shortPlan()));

            RolloutStatus done = awaitRollout(function, canary, RolloutPhase.Succeeded);
            // The load goes on until the gateway sends it all to the new revision: that move fails nothing either.
            awaitAllAnswersFrom(function, canary, "Hej, Ada!");

            Load.Tally tally = load.stop();
            assertThat(tally.failures()).as("failed requests %s", tally.examples()).isZero();
            assertThat(tally.byRevision()).as("the load during the rollout").containsKeys(stable, canary);
            assertThat(done.stableRevision).isEqualTo(stable);
            assertThat(done.currentWeight).isEqualTo(100);
            assertThat(done.step).as("the last step, 100 %").isEqualTo(done.steps).isEqualTo(3);
            assertThat(done.decisions).as("%s", done).extracting(d -> d.step, d -> d.weight, d -> d.verdict)
                    .containsExactly(tuple(1, 20, RolloutVerdict.Passed), tuple(2, 50, RolloutVerdict.Passed));
            assertThat(done.decisions).allSatisfy(decision -> assertThat(decision.measurement.requests)
                    .as("requests measured at step %d", decision.step).isGreaterThanOrEqualTo(20));
            assertThat(percents(function)).as("status.traffic").containsEntry(canary, 100);
        } finally {
            load.close();
        }
    }

    @Test
    @Order(2)
    void aRevisionReturningFivePercentErrorsIsRolledBackWithinOneStep() {
        String function = "greeter-bad";
        String stable = deployServing(greeter(function, "bad-a", "Ahoy", 0, shortPlan()));
        Load load = Load.steady(4, () -> gateway.post("/fn/" + function, BODY));
        try {
            // The same source: only its configuration makes every 20th request answer 500.
            String bad = platform.deploy(greeter(function, "bad-b", "Hej", 20, shortPlan()));

            RolloutStatus rolledBack = awaitRollout(function, bad, RolloutPhase.RolledBack);

            assertThat(rolledBack.stableRevision).isEqualTo(stable);
            assertThat(rolledBack.currentWeight).isZero();
            assertThat(rolledBack.decisions).as("%s", rolledBack).extracting(d -> d.step, d -> d.weight, d -> d.verdict)
                    .as("failed at the first step, none passed").containsExactly(tuple(1, 20, RolloutVerdict.Failed));
            RolloutDecision failed = rolledBack.decisions.get(0);
            assertThat(failed.measurement.errorRate).as("%s", failed).isGreaterThan(1.0);
            assertThat(failed.message).contains("error rate");
            assertThat(percents(function)).as("status.traffic").containsEntry(stable, 100);
            assertThat(percents(function).getOrDefault(bad, 0)).isZero();
            awaitAllAnswersFrom(function, stable, "Ahoy, Ada!");
            Load.Tally tally = load.stop();
            assertThat(tally.failures()).as("the bad revision's 500s reached the load").isPositive();
            assertThat(tally.examples()).as("every failure came from the bad revision")
                    .allSatisfy(example -> assertThat(example).startsWith("500 from " + bad));
            Load.Tally after = Load.burst(200, 4, () -> gateway.post("/fn/" + function, BODY));
            assertThat(after.failures()).as("%s", after.examples()).isZero();
            assertThat(after.byRevision()).as("after the rollback").containsOnlyKeys(stable);
        } finally {
            load.close();
        }
    }

    @Test
    @Order(3)
    void aFailingSmokeTestKeepsTheNewRevisionAtZero() {
        String function = "greeter-smoke";
        // The smoke test expects the greeting users know; the new revision greets otherwise.
        RolloutSpec plan = shortPlan();
        SmokeRequest request = SmokeRequest.of("POST", "/");
        request.body = BODY;
        request.expect = new SmokeExpectation();
        request.expect.status = 200;
        request.expect.bodyContains = "Ahoy, Ada!";
        plan.smokeTest = new SmokeTest();
        plan.smokeTest.requests = List.of(request);
        String stable = deployServing(greeter(function, "smoke-a", "Ahoy", 0, plan));
        Load load = Load.steady(2, () -> gateway.post("/fn/" + function, BODY));
        try {
            String untested = platform.deploy(greeter(function, "smoke-b", "Hej", 0, plan));

            RolloutStatus failed = awaitRollout(function, untested, RolloutPhase.SmokeTestFailed);

            assertThat(failed.stableRevision).isEqualTo(stable);
            assertThat(failed.currentWeight).isZero();
            assertThat(failed.decisions).as("%s", failed).extracting(d -> d.step, d -> d.verdict)
                    .containsExactly(tuple(0, RolloutVerdict.SmokeTestFailed));
            assertThat(failed.decisions.get(0).message).as("says what the answer lacked").contains("Ahoy, Ada!");
            assertThat(percents(function)).as("status.traffic").containsEntry(stable, 100);
            assertThat(percents(function).getOrDefault(untested, 0)).isZero();
            Load.Tally after = Load.burst(200, 4, () -> gateway.post("/fn/" + function, BODY));
            Load.Tally tally = load.stop();
            assertThat(tally.failures()).as("failed requests %s", tally.examples()).isZero();
            assertThat(tally.byRevision()).as("no user request reached %s", untested).containsOnlyKeys(stable);
            assertThat(after.byRevision()).containsOnlyKeys(stable);
        } finally {
            load.close();
        }
    }

    @Test
    @Order(4)
    void promoteAndAbortThroughTheCliEndARolloutThatHolds() {
        String function = "greeter-hand";
        // One step that holds for ten minutes: only a person ends this rollout within the scenario.
        RolloutSpec plan = shortPlan();
        plan.steps = List.of(RolloutStep.of(20, "10m"));
        String stable = deployServing(greeter(function, "hand-a", "Ahoy", 0, plan));
        Load load = Load.steady(2, () -> gateway.post("/fn/" + function, BODY));
        try {
            String promoted = platform.deploy(greeter(function, "hand-b", "Hej", 0, plan));
            awaitRollout(function, promoted, RolloutPhase.Progressing);
            Cli.Run status = platform.rollout(function, "status").requireSuccess();
            assertThat(status.out()).contains(promoted).contains(stable).contains("Progressing");

            platform.rollout(function, "promote").requireSuccess();

            RolloutStatus succeeded = awaitRollout(function, promoted, RolloutPhase.Succeeded);
            assertThat(succeeded.decisions).as("%s", succeeded).extracting(d -> d.step, d -> d.verdict)
                    .containsExactly(tuple(1, RolloutVerdict.Promoted));
            awaitAllAnswersFrom(function, promoted, "Hej, Ada!");

            String aborted = platform.deploy(greeter(function, "hand-c", "Hallo", 0, plan));
            awaitRollout(function, aborted, RolloutPhase.Progressing);

            platform.rollout(function, "abort").requireSuccess();

            RolloutStatus rolledBack = awaitRollout(function, aborted, RolloutPhase.RolledBack);
            assertThat(rolledBack.stableRevision).as("the promoted revision is the stable one now").isEqualTo(promoted);
            assertThat(rolledBack.decisions).as("%s", rolledBack).extracting(d -> d.step, d -> d.verdict)
                    .containsExactly(tuple(1, RolloutVerdict.Aborted));
            awaitAllAnswersFrom(function, promoted, "Hej, Ada!");
            Load.Tally tally = load.stop();
            assertThat(tally.failures()).as("failed requests %s", tally.examples()).isZero();
            assertThat(tally.byRevision()).containsKeys(stable, promoted);
        } finally {
            load.close();
        }
    }

    /**
     * The greeter sample as a function of its own, greeting with {@code greeting} and failing every
     * {@code failEvery}-th request (0: never), both plain values of the template's env, under the rollout plan;
     * {@code scenario} makes each template, so each deploy, new. Not a ConfigMap ({@link PlatformUnderTest#configure}):
     * on a cluster its edit alone makes a revision of the old template at the controller's next reconcile, which
     * comes every analysis interval while a rollout runs, so a deploy after it would make two revisions.
     */
    static FunctionFolder greeter(String function, String scenario, String greeting, int failEvery,
            RolloutSpec plan) {
        return FunctionFolder.copyOf("greeter").renamed(function).env("SCENARIO", scenario)
                .env("GREETING", greeting).env("FAIL_EVERY", String.valueOf(failEvery))
                .edit(f -> f.getSpec().rollout = plan);
    }

    /** Deploys a function's first revision, which takes all traffic at once, and waits until it serves. */
    private String deployServing(FunctionFolder folder) {
        String revision = platform.deploy(folder);
        await(revision + " serving").atMost(ROUTES_LIMIT).ignoreExceptions()
                .until(() -> Gateway.revision(gateway.post("/fn/" + folder.name(), BODY)).equals(revision));
        return revision;
    }

    /**
     * Waits until the rollout of {@code revision} reaches {@code phase} or ends, and checks that it is in
     * {@code phase}; a timeout or another end shows the last {@code status.rollout} and the platform's logs.
     */
    private RolloutStatus awaitRollout(String function, String revision, RolloutPhase phase) {
        return awaitRollout(platform, function, revision, phase);
    }

    /** {@link #awaitRollout(String, String, RolloutPhase)} on a platform. */
    static RolloutStatus awaitRollout(PlatformUnderTest platform, String function, String revision,
            RolloutPhase phase) {
        AtomicReference<RolloutStatus> last = new AtomicReference<>();
        try {
            await("rollout of " + revision + " " + phase).atMost(ROLLOUT_LIMIT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> {
                        Function current = platform.function(function);
                        RolloutStatus rollout = current == null || current.getStatus() == null ? null
                                : current.getStatus().rollout;
                        last.set(rollout);
                        return rollout != null && revision.equals(rollout.revision)
                                && (rollout.phase == phase || rollout.phase != null && rollout.phase.ended());
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the rollout of " + revision + " did not reach " + phase + " within "
                    + ROLLOUT_LIMIT + "; last status.rollout: " + last.get() + "\n" + platform.diagnostics(), e);
        }
        assertThat(last.get().phase).as("status.rollout %s\n%s", last.get(), platform.diagnostics()).isEqualTo(phase);
        return last.get();
    }

    /** The function's {@code status.traffic} as percent per revision. */
    private Map<String, Integer> percents(String function) {
        Map<String, Integer> percents = new TreeMap<>();
        for (TrafficTarget target : platform.function(function).getStatus().traffic) {
            if (target.revisionName != null) {
                percents.merge(target.revisionName, target.percentOrZero(), Integer::sum);
            }
        }
        return percents;
    }

    /** Waits until 20 requests in a row are answered by {@code revision} with {@code message}. */
    private void awaitAllAnswersFrom(String function, String revision, String message) {
        await("all answers from " + revision).atMost(ROUTES_LIMIT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (int i = 0; i < 20; i++) {
                        HttpResponse<String> response = gateway.post("/fn/" + function, BODY);
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                        assertThat(Gateway.revision(response)).isEqualTo(revision);
                        assertThat(response.body()).contains(message);
                    }
                });
    }
}
