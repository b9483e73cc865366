package dev.quiver.runtime.scaling;

import static dev.quiver.runtime.scaling.PolicyBuilder.PER_REPLICA;
import static dev.quiver.runtime.scaling.PolicyBuilder.aPolicy;
import static dev.quiver.runtime.scaling.Simulation.last;
import static dev.quiver.runtime.scaling.Simulation.replicasOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Knative's KPA under a fake clock: one replica per {@value PolicyBuilder#PER_REPLICA} requests in flight. */
class AutoscalerTest {

    @Test
    void steadyLoadAtTargetKeepsReplicas() {
        Simulation revision = new Simulation(aPolicy().build(), 3);

        List<ScaleDecision> decisions = revision.load(300, 3 * PER_REPLICA);

        assertThat(replicasOf(decisions)).containsOnly(3);
        assertThat(decisions).noneMatch(ScaleDecision::panicking);
    }

    @Test
    void increaseBelowPanicThresholdScalesUpOnlyAsStableAverageCatchesUp() {
        Simulation revision = new Simulation(aPolicy().build(), 2);
        revision.load(120, 10);

        List<ScaleDecision> early = revision.load(20, 20);
        List<ScaleDecision> late = revision.load(40, 20);

        // 20 in flight wants 3 replicas, but after 20 s the stable average is only (40*10 + 20*20)/60 = 13.3.
        assertThat(last(early).desiredReplicas()).isEqualTo(2);
        assertThat(last(late).desiredReplicas()).isEqualTo(3);
        assertThat(early).noneMatch(ScaleDecision::panicking);
        assertThat(late).noneMatch(ScaleDecision::panicking);
    }

    @Test
    void doublingLoadDoublesReplicasAfterStableWindow() {
        Simulation revision = new Simulation(aPolicy().build(), 2);
        revision.load(120, 2 * PER_REPLICA);

        ScaleDecision afterOneWindow = last(revision.load(60, 4 * PER_REPLICA));
        ScaleDecision afterThreeWindows = last(revision.load(120, 4 * PER_REPLICA));

        assertThat(afterOneWindow.desiredReplicas()).isEqualTo(4);
        assertThat(afterThreeWindows.desiredReplicas()).isEqualTo(4);
        assertThat(afterThreeWindows.panicking()).as("the panic ends once the stable window holds the surge").isFalse();
    }

    @Test
    void burstEntersPanicAndScalesUpFast() {
        Simulation revision = new Simulation(aPolicy().build(), 1);
        revision.load(120, 5);

        List<ScaleDecision> burst = revision.load(6, 10 * PER_REPLICA);

        assertThat(burst.get(0).panicking()).isTrue();
        assertThat(last(burst).desiredReplicas()).isEqualTo(10);
        assertThat(Math.ceil(last(burst).stableDemand() / PER_REPLICA))
                .as("the stable window alone would still want far fewer").isLessThan(10);
    }

    @Test
    void panicNeverScalesDown() {
        Simulation revision = new Simulation(aPolicy().build(), 1);
        revision.load(120, 5);
        revision.load(6, 10 * PER_REPLICA);

        List<ScaleDecision> afterBurst = revision.load(180, 0);

        List<ScaleDecision> inPanic = afterBurst.stream().takeWhile(ScaleDecision::panicking).toList();
        assertThat(inPanic).hasSizeGreaterThan(50);
        assertThat(replicasOf(inPanic)).containsOnly(10);
        assertThat(afterBurst.get(inPanic.size()).desiredReplicas()).as("scales down once out of panic").isLessThan(10);
    }

    @Test
    void panicLastsOneStableWindowAfterTheLastCrossingOfTheThreshold() {
        // Rate-limited to doubling, the panic window stays over the threshold for six decisions (1, 2, ... 32
        // replicas against the 100 wanted) before 64 replicas bring it under.
        Simulation revision = new Simulation(aPolicy().maxScaleUpRate(2).build(), 1);
        List<ScaleDecision> burst = revision.load(7, 100 * PER_REPLICA);
        assertThat(replicasOf(burst)).containsExactly(2, 4, 8, 16, 32, 64, 100);

        ScaleDecision windowAfterFirstCrossing = revision.idle(55);
        ScaleDecision windowAfterLastCrossing = revision.idle(4);
        ScaleDecision pastIt = revision.idle(1);

        assertThat(windowAfterFirstCrossing.panicking()).isTrue();
        assertThat(windowAfterLastCrossing.panicking()).isTrue();
        assertThat(pastIt.panicking()).isFalse();
    }

    @Test
    void scaleDownIsRateLimitedToHalvingPerDecision() {
        Simulation revision = new Simulation(aPolicy().build(), 20);

        List<ScaleDecision> decisions = revision.load(5, PER_REPLICA);

        assertThat(replicasOf(decisions)).containsExactly(10, 5, 2, 1, 1);
    }

    @Test
    void scaleUpIsRateLimited() {
        Simulation revision = new Simulation(aPolicy().maxScaleUpRate(2).build(), 1);

        List<ScaleDecision> decisions = revision.load(5, 100 * PER_REPLICA);

        assertThat(replicasOf(decisions)).containsExactly(2, 4, 8, 16, 32);
    }

    @Test
    void idleRevisionScalesToZeroOnlyAfterGracePeriod() {
        Simulation revision = new Simulation(aPolicy().gracePeriod(Duration.ofSeconds(90)).build(), 1);
        revision.load(120, PER_REPLICA);

        ScaleDecision stableWindowEmpty = revision.idle(61);
        ScaleDecision justBeforeGrace = revision.idle(28);
        ScaleDecision atGrace = revision.idle(1);

        assertThat(stableWindowEmpty.stableDemand()).isZero();
        assertThat(stableWindowEmpty.desiredReplicas()).isEqualTo(1);
        assertThat(justBeforeGrace.desiredReplicas()).isEqualTo(1);
        assertThat(atGrace.desiredReplicas()).isZero();
    }

    @Test
    void lastReplicaIsKeptUntilStableWindowShowsNoDemand() {
        Simulation revision = new Simulation(aPolicy().gracePeriod(Duration.ofSeconds(30)).build(), 1);
        revision.load(120, PER_REPLICA);

        ScaleDecision graceOver = revision.idle(30);
        ScaleDecision windowAlmostEmpty = revision.idle(29);
        ScaleDecision windowEmpty = revision.idle(1);

        assertThat(graceOver.desiredReplicas()).isEqualTo(1);
        assertThat(windowAlmostEmpty.desiredReplicas()).isEqualTo(1);
        assertThat(windowEmpty.desiredReplicas()).isZero();
    }

    @Test
    void newRevisionWithoutTrafficKeepsItsFirstReplicaForGracePeriod() {
        Simulation revision = new Simulation(aPolicy().gracePeriod(Duration.ofSeconds(30)).build(), 1);

        ScaleDecision beforeGrace = revision.idle(29);
        ScaleDecision atGrace = revision.idle(1);

        assertThat(beforeGrace.desiredReplicas()).isEqualTo(1);
        assertThat(atGrace.desiredReplicas()).isZero();
    }

    @Test
    void minReplicasKeepsRevisionWarm() {
        Simulation revision = new Simulation(aPolicy().min(2).build(), 0);

        ScaleDecision first = revision.decideNow();
        ScaleDecision afterLongIdle = revision.idle(600);

        assertThat(first.desiredReplicas()).isEqualTo(2);
        assertThat(afterLongIdle.desiredReplicas()).isEqualTo(2);
    }

    @Test
    void maxBoundsScaleUp() {
        Simulation revision = new Simulation(aPolicy().max(5).build(), 1);

        List<ScaleDecision> decisions = revision.load(120, 100 * PER_REPLICA);

        assertThat(replicasOf(decisions)).allMatch(replicas -> replicas <= 5).contains(5);
    }

    @Test
    void requestForZeroScaleRevisionActivatesOneReplicaAtOnce() {
        Simulation revision = new Simulation(aPolicy().build(), 1);
        revision.idle(600);
        assertThat(revision.replicas()).isZero();
        revision.advance(Duration.ofMillis(1_234));

        revision.autoscaler().record(revision.now(), 1);
        ScaleDecision decision = revision.decideNow();

        assertThat(decision.desiredReplicas()).isEqualTo(1);
        assertThat(decision.panicking()).isFalse();
    }

    @Test
    void activationScaleStartsSeveralReplicasFromZero() {
        Simulation revision = new Simulation(aPolicy().activationScale(3).build(), 0);

        revision.autoscaler().record(revision.now(), 1);

        assertThat(revision.decideNow().desiredReplicas()).isEqualTo(3);
    }

    @Test
    void revisionAtZeroWithoutDemandStaysAtZero() {
        Simulation revision = new Simulation(aPolicy().build(), 0);

        assertThat(replicasOf(revision.load(120, 0))).containsOnly(0);
    }

    @Test
    void backlogScalesEventOnlyFunctionFromZero() {
        Simulation revision = new Simulation(aPolicy().build(), 0);
        revision.idle(600);

        ScaleDecision decision = last(revision.backlog(1, 1));

        assertThat(decision.desiredReplicas()).isEqualTo(1);
    }

    @Test
    void backlogScalesUpWithLag() {
        Simulation revision = new Simulation(aPolicy().build(), 1);

        ScaleDecision decision = last(revision.backlog(60, (long) (12 * PER_REPLICA)));

        assertThat(decision.desiredReplicas()).isEqualTo(12);
    }

    @Test
    void drainedBacklogLetsRevisionScaleToZero() {
        Simulation revision = new Simulation(aPolicy().build(), 1);
        revision.backlog(60, 5);

        ScaleDecision whileWindowRemembersLag = last(revision.backlog(59, 0));
        ScaleDecision windowEmpty = last(revision.backlog(1, 0));

        assertThat(whileWindowRemembersLag.desiredReplicas()).isEqualTo(1);
        assertThat(windowEmpty.desiredReplicas()).isZero();
    }

    @Test
    void backlogAddsToConcurrency() {
        Autoscaler autoscaler = new Autoscaler(aPolicy().build(), Simulation.START);
        Instant now = Simulation.START.plusSeconds(1);

        autoscaler.record(now, 2 * PER_REPLICA);
        autoscaler.recordBacklog(now, (long) (3 * PER_REPLICA));

        ScaleDecision decision = autoscaler.decide(now, 5);
        assertThat(decision.stableDemand()).isEqualTo(5 * PER_REPLICA);
        assertThat(decision.desiredReplicas()).isEqualTo(5);
    }

    @Test
    void demandMovesLastDemandButIdleSamplesDoNot() {
        Autoscaler autoscaler = new Autoscaler(aPolicy().build(), Simulation.START);
        Instant busy = Simulation.START.plusSeconds(5);

        autoscaler.record(busy, 3);
        autoscaler.record(busy.plusSeconds(10), 0);
        autoscaler.recordBacklog(busy.plusSeconds(11), 0);

        assertThat(autoscaler.lastDemand()).isEqualTo(busy);
    }

    @Test
    void badSamplesAreRejectedWithTheirValue() {
        Autoscaler autoscaler = new Autoscaler(aPolicy().build(), Simulation.START);

        assertThatThrownBy(() -> autoscaler.record(Simulation.START, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> autoscaler.record(Simulation.START, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> autoscaler.recordBacklog(Simulation.START, -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
        assertThatThrownBy(() -> autoscaler.decide(Simulation.START, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
    }
}
