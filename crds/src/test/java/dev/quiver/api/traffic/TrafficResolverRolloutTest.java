package dev.quiver.api.traffic;

import static dev.quiver.api.testing.Functions.headerRouted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.TrafficTarget;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** While a rollout runs, the weighted part of the traffic that follows the latest revision is split by its weight. */
class TrafficResolverRolloutTest {

    private static final String URL = "http://gateway/fn/hello";
    private static final String STABLE = "hello-00001";
    private static final String NEW = "hello-00002";
    private static final Set<String> ALL = Set.of(STABLE, NEW, "hello-00003");

    @Test
    void aCanaryAtTenPercentOfAPlainLatestTargetSplitsItNinetyTen() {
        TrafficResolution resolution = resolve(List.of(TrafficTarget.latest(100)), rollout(RolloutPhase.Progressing, 10));

        assertThat(resolution.complete()).isTrue();
        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent, t -> t.tag, t -> t.url)
                .containsExactly(tuple(STABLE, 90, "stable", URL + "@stable"), tuple(NEW, 10, "canary", URL + "@canary"));
    }

    @Test
    void anEmptyTrafficSpecIsSplitAsAllToTheLatestRevision() {
        TrafficResolution resolution = resolve(List.of(), rollout(RolloutPhase.Progressing, 25));

        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent)
                .containsExactly(tuple(STABLE, 75), tuple(NEW, 25));
    }

    @Test
    void onlyTheWeightedLatestPartIsSplitAndAPinnedRevisionAndAMatchRuleStayAsWritten() {
        List<TrafficTarget> spec = List.of(TrafficTarget.latest(80), TrafficTarget.revision("hello-00003", 20).withTag("old"),
                headerRouted("hello-00003", "feature-x", "x-group", "test"));

        TrafficResolution resolution = resolve(spec, rollout(RolloutPhase.Progressing, 50));

        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent, t -> t.tag, t -> t.url).containsExactly(
                tuple(STABLE, 40, "stable", URL + "@stable"),
                tuple(NEW, 40, "canary", URL + "@canary"),
                tuple("hello-00003", 20, "old", URL + "@old"),
                tuple("hello-00003", null, "feature-x", URL + "@feature-x"));
        assertThat(resolution.targets().get(3).match).isEqualTo(spec.get(2).match);
    }

    @Test
    void aMatchRuleThatFollowsTheLatestRevisionStillReachesTheNewRevision() {
        TrafficTarget testers = headerRouted(null, "testers", "x-group", "test");
        testers.revisionName = null;
        testers.latestRevision = true;

        TrafficResolution resolution = resolve(List.of(TrafficTarget.latest(100), testers), rollout(RolloutPhase.Progressing, 10));

        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent, t -> t.tag).containsExactly(
                tuple(STABLE, 90, "stable"), tuple(NEW, 10, "canary"), tuple(NEW, null, "testers"));
    }

    @Test
    void aTaggedLatestTargetKeepsItsTagAtZeroPercentAndGivesItsWeightToTheSplit() {
        TrafficResolution resolution = resolve(List.of(TrafficTarget.latest(100).withTag("current")),
                rollout(RolloutPhase.Progressing, 10));

        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent, t -> t.tag, t -> t.url).containsExactly(
                tuple(STABLE, 90, "stable", URL + "@stable"),
                tuple(NEW, 10, "canary", URL + "@canary"),
                tuple(NEW, 0, "current", URL + "@current"));
    }

    @Test
    void theSmokeTestPhaseGivesTheNewRevisionNothingButItsTag() {
        TrafficResolution resolution = resolve(List.of(TrafficTarget.latest(100)), rollout(RolloutPhase.SmokeTesting, 0));

        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent, t -> t.tag)
                .containsExactly(tuple(STABLE, 100, "stable"), tuple(NEW, 0, "canary"));
    }

    @Test
    void aSucceededRolloutSplitsNothing() {
        TrafficResolution resolution = resolve(List.of(TrafficTarget.latest(100)), rollout(RolloutPhase.Succeeded, 100));

        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent, t -> t.tag)
                .containsExactly(tuple(NEW, 100, null));
    }

    @Test
    void aRolledBackRolloutGivesTheStableRevisionEverythingAndTheCanaryNothing() {
        TrafficResolution resolution = resolve(List.of(TrafficTarget.latest(100)), rollout(RolloutPhase.RolledBack, 0));

        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent, t -> t.tag)
                .containsExactly(tuple(STABLE, 100, "stable"), tuple(NEW, 0, "canary"));
    }

    @Test
    void aRolloutOfAnotherRevisionThanTheLatestReadySplitsNothing() {
        RolloutStatus older = rollout(RolloutPhase.Progressing, 10);

        TrafficResolution resolution = TrafficResolver.resolve(List.of(TrafficTarget.latest(100)), "hello-00003", ALL, ALL,
                URL, older);

        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent).containsExactly(tuple("hello-00003", 100));
    }

    @Test
    void aStableRevisionThatIsNotReadyIsAPendingProblem() {
        TrafficResolution resolution = TrafficResolver.resolve(List.of(TrafficTarget.latest(100)), NEW, ALL, Set.of(NEW), URL,
                rollout(RolloutPhase.Progressing, 10));

        assertThat(resolution.targets()).isEmpty();
        assertThat(resolution.problems()).containsExactly(new TrafficResolution.Problem("StableRevisionNotReady",
                "the rollout of hello-00002 needs its stable revision hello-00001, which is not ready", true));
    }

    @Test
    void aFirstRevisionWithoutAStableOneSplitsNothing() {
        RolloutStatus first = rollout(RolloutPhase.Progressing, 10);
        first.stableRevision = null;

        assertThat(resolve(List.of(TrafficTarget.latest(100)), first).targets()).extracting(t -> t.revisionName, t -> t.percent)
                .containsExactly(tuple(NEW, 100));
    }

    @Test
    void anUnresolvedTargetIsReportedAndNothingIsSplit() {
        List<TrafficTarget> spec = List.of(TrafficTarget.latest(90), TrafficTarget.revision("hello-00009", 10));

        TrafficResolution resolution = resolve(spec, rollout(RolloutPhase.Progressing, 10));

        assertThat(resolution.complete()).isFalse();
        assertThat(resolution.problems()).extracting(TrafficResolution.Problem::reason).containsExactly("RevisionMissing");
    }

    @Test
    void splittingLeavesTheSpecUntouched() {
        List<TrafficTarget> spec = List.of(TrafficTarget.latest(100).withTag("current"));

        resolve(spec, rollout(RolloutPhase.Progressing, 10));

        assertThat(spec.get(0)).isEqualTo(TrafficTarget.latest(100).withTag("current"));
    }

    private static TrafficResolution resolve(List<TrafficTarget> spec, RolloutStatus rollout) {
        return TrafficResolver.resolve(spec, NEW, ALL, ALL, URL, rollout);
    }

    private static RolloutStatus rollout(RolloutPhase phase, int weight) {
        RolloutStatus status = new RolloutStatus();
        status.revision = NEW;
        status.stableRevision = STABLE;
        status.phase = phase;
        status.currentWeight = weight;
        return status;
    }
}
