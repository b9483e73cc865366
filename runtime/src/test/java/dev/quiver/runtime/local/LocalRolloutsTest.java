package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.rollout.LatencyBuckets;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local driver's passes on one function, without a store or processes: what starts a rollout, when it is judged,
 * on which counts, and that a function without {@code spec.rollout} keeps none.
 */
class LocalRolloutsTest {

    private static final String PLAN = """
            steps: [{weight: 20, pause: 1s}, {weight: 60, pause: 1s}]
            analysis: {interval: 5s, minRequests: 20, maxErrorRate: 1, maxLatencyRatio: 1000}
            """;

    private Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final Map<String, RevisionCounts> counts = new HashMap<>();
    private final LocalRollouts driver = new LocalRollouts(null, name -> Map.copyOf(counts), (ns, fn, requests) -> {
        throw new AssertionError("no smoke test in this plan");
    }, Clock.fixed(now, ZoneOffset.UTC), Runnable::run, null);

    @Test
    void theFirstRevisionTakesAllTheTrafficAtOnce() {
        LocalFunction function = function(PLAN);
        driver.beforeResolve(function);
        ready(function, "hello-00001");

        var rollout = driver.beforeResolve(function);

        assertThat(rollout.phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(rollout.currentWeight).isEqualTo(100);
    }

    @Test
    void aNewReadyRevisionStartsAtTheFirstStepAgainstTheRevisionThatServedBefore() {
        LocalFunction function = servingFirstRevision();
        ready(function, "hello-00002");

        var rollout = driver.beforeResolve(function);

        assertThat(rollout.revision).isEqualTo("hello-00002");
        assertThat(rollout.stableRevision).isEqualTo("hello-00001");
        assertThat(rollout.phase).isEqualTo(RolloutPhase.Progressing);
        assertThat(rollout.currentWeight).isEqualTo(20);
    }

    @Test
    void aStepIsJudgedWhenItsIntervalIsDueOnTheRequestsSinceItBegan() {
        LocalFunction function = servingFirstRevision();
        counts.put("hello-00002", served(500, 0)); // before the step began: not part of its window
        ready(function, "hello-00002");
        driver.beforeResolve(function);
        counts.put("hello-00002", served(530, 0));

        boolean early = driver.judge(function, now.plusSeconds(2), false);
        boolean due = driver.judge(function, now.plusSeconds(5), false);

        assertThat(early).as("the interval (5s) is not over").isFalse();
        assertThat(due).isTrue();
        var rollout = function.resource.getStatus().rollout;
        assertThat(rollout.step).isEqualTo(2);
        assertThat(rollout.currentWeight).isEqualTo(60);
        assertThat(rollout.decisions.get(0).measurement.requests).isEqualTo(30L);
    }

    @Test
    void errorsOverTheLimitRollBackToTheStableRevision() {
        LocalFunction function = servingFirstRevision();
        ready(function, "hello-00002");
        driver.beforeResolve(function);
        counts.put("hello-00002", served(40, 2));

        assertThat(driver.judge(function, now.plusSeconds(5), false)).isTrue();

        var rollout = function.resource.getStatus().rollout;
        assertThat(rollout.phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(rollout.currentWeight).isZero();
        assertThat(rollout.message).startsWith("rolled back: error rate 5.0 %");
    }

    @Test
    void aRememberedRevisionThatIsNoLongerReadyIsNoStableRevision() {
        LocalFunction function = servingFirstRevision();
        // The folder went and came back: a new Function of the same name, without the old revisions or status.
        function.phases.clear();
        function.resource.getStatus().rollout = null;
        ready(function, "hello-00002");

        var rollout = driver.beforeResolve(function);

        assertThat(rollout.phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(rollout.stableRevision).isNull();
    }

    @Test
    void anEndedRolloutIsNotJudgedAgain() {
        LocalFunction function = servingFirstRevision();

        assertThat(driver.judge(function, now.plusSeconds(60), false)).isFalse();
    }

    @Test
    void removingSpecRolloutClearsTheStatusAndSplitsNothing() {
        LocalFunction function = servingFirstRevision();
        ready(function, "hello-00002");
        driver.beforeResolve(function);
        function.resource.getSpec().rollout = null;

        assertThat(driver.judge(function, now.plusSeconds(1), false)).as("the change must be resolved").isTrue();
        assertThat(driver.beforeResolve(function)).isNull();
        assertThat(function.resource.getStatus().rollout).isNull();
    }

    @Test
    void aFunctionWithoutSpecRolloutKeepsNoRollout() {
        LocalFunction function = function(null);
        ready(function, "hello-00001");
        driver.beforeResolve(function);
        ready(function, "hello-00002");

        assertThat(driver.beforeResolve(function)).isNull();
        assertThat(driver.judge(function, now.plusSeconds(60), false)).isFalse();
    }

    private LocalFunction servingFirstRevision() {
        LocalFunction function = function(PLAN);
        driver.beforeResolve(function);
        ready(function, "hello-00001");
        driver.beforeResolve(function);
        return function;
    }

    private static LocalFunction function(String rollout) {
        LocalFunction function = new LocalFunction(Path.of("hello"));
        Function resource = new Function();
        resource.setMetadata(new ObjectMeta());
        resource.getMetadata().setName("hello");
        if (rollout != null) {
            resource.getSpec().rollout = ApiJson.fromYaml(rollout, RolloutSpec.class);
        }
        function.resource = resource;
        return function;
    }

    private static void ready(LocalFunction function, String revision) {
        function.resource.getStatus().latestReadyRevisionName = revision;
        function.phases.put(revision, LocalRevision.Phase.READY);
    }

    private static RevisionCounts served(long requests, long errors) {
        long[] buckets = new long[LatencyBuckets.COUNT];
        buckets[LatencyBuckets.index(2_000_000)] = requests;
        return RevisionCounts.of(requests, errors, 0, 0, 0, buckets);
    }
}
