package dev.quiver.controller.status;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutReport;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.RolloutVerdict;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.SmokeTest;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.rollout.RolloutProgress;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.api.testing.Revisions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller's rollout pass, as {@link FunctionStatuses} runs it on each reconcile, with a clock the test moves. */
class RolloutStatusesTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final FunctionStatuses statuses = new FunctionStatuses(clock, "http://gw.example");
    private final List<ControllerEvent> events = new ArrayList<>();

    /** A canary of 25 then 50 then 100 %, each step holding 1s, judged every second on at least 20 requests. */
    private static RolloutSpec canary() {
        RolloutSpec rollout = new RolloutSpec();
        rollout.steps = new ArrayList<>(List.of(RolloutStep.of(25, "1s"), RolloutStep.of(50, "1s")));
        rollout.analysis = new RolloutAnalysis();
        rollout.analysis.interval = "1s";
        rollout.analysis.minRequests = 20;
        return rollout;
    }

    private static Function function(RolloutSpec rollout) {
        Function function = Fixtures.function("team", "hello", "registry.local/hello:1");
        function.getMetadata().setGeneration(1L);
        function.getSpec().rollout = rollout;
        return function;
    }

    private static List<FunctionRevision> ready(int count) {
        List<FunctionRevision> revisions = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            revisions.add(Revisions.withReady(Revisions.revision("hello", i), "True", null, null));
        }
        return revisions;
    }

    /** One reconcile: the status computed, its events kept, and the status written back as the reconciler does. */
    private FunctionStatus pass(Function function, List<FunctionRevision> revisions, RolloutReport report) {
        FunctionStatus status = statuses.of(function, revisions, null, null, null, report);
        events.addAll(Transitions.ofFunction(function.getStatus(), status));
        function.setStatus(status);
        return status;
    }

    /** A Function whose second revision has just become ready (the first served alone before). */
    private Function rollingOut(RolloutSpec rollout) {
        Function function = function(rollout);
        pass(function, ready(1), null);
        pass(function, ready(2), null);
        events.clear();
        return function;
    }

    private static RolloutReport counts(long newRequests, long newErrors, long stableRequests) {
        return new RolloutReport(Map.of(
                "hello-00002", RevisionCounts.of(newRequests, newErrors, 0, 0, 0, new long[]{newRequests}),
                "hello-00001", RevisionCounts.of(stableRequests, 0, 0, 0, 0, new long[]{stableRequests})), null);
    }

    private static List<String> traffic(FunctionStatus status) {
        return status.traffic.stream().map(t -> t.revisionName + ":" + t.percent + (t.tag == null ? "" : "@" + t.tag)).toList();
    }

    private List<String> reasons() {
        return events.stream().map(ControllerEvent::reason).filter(r -> r.startsWith("Rollout")).toList();
    }

    @Test
    void theFirstRevisionTakesAllAndASecondReadyRevisionStartsARolloutAtTheFirstStep() {
        Function function = function(canary());

        FunctionStatus first = pass(function, ready(1), null);
        assertThat(first.rollout.phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(first.rollout.stableRevision).isNull();
        assertThat(traffic(first)).containsExactly("hello-00001:100");

        FunctionStatus second = pass(function, ready(2), null);
        assertThat(second.rollout.revision).isEqualTo("hello-00002");
        assertThat(second.rollout.stableRevision).isEqualTo("hello-00001");
        assertThat(second.rollout.phase).isEqualTo(RolloutPhase.Progressing);
        assertThat(second.rollout.step).isEqualTo(1);
        assertThat(traffic(second)).containsExactly("hello-00001:75@stable", "hello-00002:25@canary");
        assertThat(reasons()).containsExactly("RolloutStarted");
        assertThat(RolloutStatuses.recheckAfter(function, second)).contains(Duration.ofSeconds(1));
    }

    @Test
    void stepsAdvanceFromTheReportedCountsOnceThePauseIsOver() {
        Function function = rollingOut(canary());

        clock.move(Duration.ofMillis(500));
        FunctionStatus holding = pass(function, ready(2), counts(40, 0, 120));
        assertThat(holding.rollout.step).as("the pause of 1s is not over").isEqualTo(1);
        assertThat(holding.rollout.message).contains("holds for");

        clock.move(Duration.ofSeconds(1));
        FunctionStatus second = pass(function, ready(2), counts(40, 0, 120));
        assertThat(second.rollout.step).isEqualTo(2);
        assertThat(traffic(second)).containsExactly("hello-00001:50@stable", "hello-00002:50@canary");
        assertThat(second.rollout.decisions).extracting(d -> d.verdict).containsExactly(RolloutVerdict.Passed);

        clock.move(Duration.ofSeconds(2));
        FunctionStatus waiting = pass(function, ready(2), counts(50, 0, 130));
        assertThat(waiting.rollout.step).as("10 requests since step 2 began are fewer than 20").isEqualTo(2);
        assertThat(waiting.rollout.message).contains("10 of 20");

        clock.move(Duration.ofSeconds(1));
        FunctionStatus done = pass(function, ready(2), counts(80, 0, 160));
        assertThat(done.rollout.phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(traffic(done)).containsExactly("hello-00002:100");
        assertThat(reasons()).containsExactly("RolloutStepPassed", "RolloutStepPassed", "RolloutSucceeded");
        assertThat(events).filteredOn(e -> e.reason().equals("RolloutStepPassed")).first()
                .extracting(ControllerEvent::message).asString().contains("40", "step 1 of 3 (25 %)");
        assertThat(RolloutStatuses.recheckAfter(function, done)).isEmpty();
    }

    @Test
    void fivePercentErrorsRollBackWithAllTrafficToTheStableRevision() {
        Function function = rollingOut(canary());

        clock.move(Duration.ofMillis(300));
        FunctionStatus status = pass(function, ready(2), counts(400, 20, 1200));

        assertThat(status.rollout.phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(status.rollout.currentWeight).isZero();
        assertThat(traffic(status)).containsExactly("hello-00001:100@stable", "hello-00002:0@canary");
        assertThat(status.rollout.decisions).extracting(d -> d.verdict).containsExactly(RolloutVerdict.Failed);
        assertThat(reasons()).containsExactly("RolloutAnalysisFailed", "RolloutRolledBack");
        assertThat(events).filteredOn(e -> e.reason().startsWith("Rollout")).allMatch(ControllerEvent::warning);
        assertThat(events.get(0).message()).contains("5.0 %", "400");
        assertThat(RolloutStatuses.recheckAfter(function, status)).isEmpty();

        events.clear();
        assertThat(pass(function, ready(2), counts(900, 20, 1200)).rollout.phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(reasons()).as("an ended rollout decides nothing more").isEmpty();
    }

    @Test
    void aFailedSmokeTestKeepsTheNewRevisionAtZeroAndOneOfAnEarlierRolloutIsNotTaken() {
        RolloutSpec rollout = canary();
        rollout.smokeTest = new SmokeTest();
        rollout.smokeTest.requests.add(SmokeRequest.of("GET", "/health"));
        Function function = rollingOut(rollout);
        assertThat(function.getStatus().rollout.phase).isEqualTo(RolloutPhase.SmokeTesting);
        assertThat(traffic(function.getStatus())).containsExactly("hello-00001:100@stable", "hello-00002:0@canary");
        String started = function.getStatus().rollout.stepStartedAt;

        FunctionStatus stale = pass(function, ready(2), new RolloutReport(Map.of(),
                new RolloutReport.SmokeTestRun("hello-00002", "2026-11-30T10:00:00Z", false, "GET /health: 500")));
        assertThat(stale.rollout.phase).isEqualTo(RolloutPhase.SmokeTesting);

        FunctionStatus failed = pass(function, ready(2), new RolloutReport(Map.of(),
                new RolloutReport.SmokeTestRun("hello-00002", started, false, "GET /health: 500, expected 2xx")));
        assertThat(failed.rollout.phase).isEqualTo(RolloutPhase.SmokeTestFailed);
        assertThat(traffic(failed)).containsExactly("hello-00001:100@stable", "hello-00002:0@canary");
        assertThat(events).extracting(ControllerEvent::reason).containsExactly("RolloutSmokeTestFailed");
        assertThat(events.get(0).message()).contains("GET /health: 500, expected 2xx");
    }

    @Test
    void aPromoteByAnnotationIsActedOnOnce() {
        Function function = rollingOut(canary());
        function.getMetadata().setAnnotations(Map.of(RolloutProgress.COMMAND_ANNOTATION, "promote hello-00002 a1"));

        FunctionStatus promoted = pass(function, ready(2), null);
        assertThat(promoted.rollout.phase).isEqualTo(RolloutPhase.Succeeded);
        assertThat(traffic(promoted)).containsExactly("hello-00002:100");
        assertThat(reasons()).containsExactly("RolloutPromoted", "RolloutSucceeded");

        events.clear();
        FunctionStatus again = pass(function, ready(2), null);
        assertThat(again).isEqualTo(promoted);
        assertThat(events).isEmpty();
    }

    @Test
    void anAbortByAnnotationGivesTheStableRevisionAllTrafficOnce() {
        Function function = rollingOut(canary());
        function.getMetadata().setAnnotations(Map.of(RolloutProgress.COMMAND_ANNOTATION, "abort hello-00002 b7"));

        FunctionStatus aborted = pass(function, ready(2), null);
        assertThat(aborted.rollout.phase).isEqualTo(RolloutPhase.RolledBack);
        assertThat(aborted.rollout.command).isEqualTo("abort hello-00002 b7");
        assertThat(traffic(aborted)).containsExactly("hello-00001:100@stable", "hello-00002:0@canary");
        assertThat(reasons()).containsExactly("RolloutAborted", "RolloutRolledBack");

        events.clear();
        assertThat(pass(function, ready(2), counts(100, 0, 100))).isEqualTo(aborted);
        assertThat(events).isEmpty();
    }

    @Test
    void whenTheRolloutsRevisionStopsBeingReadyTheOlderRevisionTakesAllWithoutANewRollout() {
        Function function = rollingOut(canary());
        List<FunctionRevision> secondFailed = ready(1);
        secondFailed.add(Revisions.withReady(Revisions.revision("hello", 2), "False", "ProgressDeadlineExceeded", "crashing"));

        FunctionStatus status = pass(function, secondFailed, null);

        assertThat(status.rollout.revision).isEqualTo("hello-00002");
        assertThat(status.rollout.stableRevision).isEqualTo("hello-00001");
        assertThat(traffic(status)).containsExactly("hello-00001:100");
        assertThat(reasons()).isEmpty();

        clock.move(Duration.ofSeconds(2));
        FunctionStatus back = pass(function, ready(2), counts(40, 0, 40));
        assertThat(back.rollout.step).as("the rollout goes on where it was").isEqualTo(2);
    }

    @Test
    void aNewerRevisionSupersedesTheRunningRolloutAgainstTheSameStableRevision() {
        Function function = rollingOut(canary());

        FunctionStatus status = pass(function, ready(3), null);

        assertThat(status.rollout.revision).isEqualTo("hello-00003");
        assertThat(status.rollout.stableRevision).isEqualTo("hello-00001");
        assertThat(traffic(status)).containsExactly("hello-00001:75@stable", "hello-00003:25@canary");
        assertThat(reasons()).containsExactly("RolloutSuperseded", "RolloutStarted");
        assertThat(events).filteredOn(e -> e.reason().equals("RolloutSuperseded")).singleElement()
                .extracting(ControllerEvent::message).asString().contains("hello-00002", "superseded by hello-00003");
    }

    @Test
    void withoutSpecRolloutThereIsNoRolloutAndANewReadyRevisionTakesAllTraffic() {
        Function function = function(null);
        pass(function, ready(1), counts(10, 10, 10));
        FunctionStatus status = pass(function, ready(2), counts(10, 10, 10));

        assertThat(status.rollout).isNull();
        assertThat(traffic(status)).containsExactly("hello-00002:100");
        assertThat(RolloutStatuses.recheckAfter(function, status)).isEmpty();
        assertThat(reasons()).isEmpty();
    }

    @Test
    void removingSpecRolloutEndsTheSplit() {
        Function function = rollingOut(canary());
        function.getSpec().rollout = null;

        FunctionStatus status = pass(function, ready(2), null);

        assertThat(status.rollout).isNull();
        assertThat(traffic(status)).containsExactly("hello-00002:100");
    }

    @Test
    void retentionKeepsTheStableRevisionOfARolloutThatServesNoTraffic() {
        Function function = function(canary());
        pass(function, ready(1), null);
        List<FunctionRevision> revisions = ready(1);
        for (int i = 2; i <= 5; i++) {
            revisions.add(Revisions.withReady(Revisions.revision("hello", i), "False", "ImagePullFailed", "Back-off"));
        }
        revisions.add(Revisions.withReady(Revisions.revision("hello", 6), "True", null, null));
        pass(function, revisions, null);
        function.getMetadata().setAnnotations(Map.of(RolloutProgress.COMMAND_ANNOTATION, "promote hello-00006 p1"));
        FunctionStatus status = pass(function, revisions, null);
        assertThat(status.rollout.stableRevision).isEqualTo("hello-00001");
        assertThat(traffic(status)).containsExactly("hello-00006:100");

        assertThat(RevisionRetention.toDelete(function, revisions, status, 0)).extracting(r -> r.getMetadata().getName())
                .containsExactly("hello-00002", "hello-00003", "hello-00004", "hello-00005");
    }

    @Test
    void theSplitKeepsTargetsThatNameARevision() {
        Function function = function(canary());
        Fixtures.withTraffic(function, TrafficTarget.latest(80), TrafficTarget.revision("hello-00001", 20));
        pass(function, ready(1), null);

        FunctionStatus status = pass(function, ready(2), null);

        assertThat(traffic(status)).containsExactly("hello-00001:60@stable", "hello-00002:20@canary", "hello-00001:20");
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
