package dev.quiver.api.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quiver.api.testing.Functions;
import dev.quiver.api.TrafficTarget;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec traffic becomes served traffic: concrete ready revisions, per-tag URLs, and problems when it cannot. */
class TrafficResolverTest {

    private static final String URL = "http://gateway/fn/hello";
    private static final Set<String> THREE = Set.of("hello-00001", "hello-00002", "hello-00003");

    @Test
    void emptyTrafficSendsEverythingToTheLatestReadyRevision() {
        TrafficResolution resolution = TrafficResolver.resolve(List.of(), "hello-00002", THREE, Set.of("hello-00002"), URL);

        assertThat(resolution.complete()).isTrue();
        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.percent, t -> t.url)
                .containsExactly(tuple("hello-00002", 100, URL));
    }

    @Test
    void latestRevisionFollowsTheLatestReadyOneSoANewerNotReadyRevisionGetsNothing() {
        List<TrafficTarget> spec = List.of(TrafficTarget.latest(100));

        TrafficResolution resolution = TrafficResolver.resolve(spec, "hello-00002", THREE, Set.of("hello-00001", "hello-00002"), URL);

        assertThat(resolution.targets()).extracting(t -> t.revisionName).containsExactly("hello-00002");
        assertThat(resolution.targets()).extracting(t -> t.revisionName).doesNotContain("hello-00003");
    }

    @Test
    void latestRevisionWithNoReadyRevisionIsPending() {
        TrafficResolution resolution = TrafficResolver.resolve(List.of(TrafficTarget.latest(100)), null, THREE, Set.of(), URL);

        assertThat(resolution.targets()).isEmpty();
        assertThat(resolution.problems()).containsExactly(new TrafficResolution.Problem("NoReadyRevision",
                "spec.traffic[0] follows the latest ready revision, and no revision is ready yet", true));
    }

    @Test
    void missingNamedRevisionFailsAndNeedsASpecChange() {
        List<TrafficTarget> spec = List.of(TrafficTarget.latest(90), TrafficTarget.revision("hello-00009", 10));

        TrafficResolution resolution = TrafficResolver.resolve(spec, "hello-00002", THREE, THREE, URL);

        assertThat(resolution.complete()).isFalse();
        assertThat(resolution.problems()).containsExactly(new TrafficResolution.Problem("RevisionMissing",
                "spec.traffic[1] names revision 'hello-00009', which does not exist; see 'kubectl get qrev' for the revisions", false));
        assertThat(resolution.targets()).extracting(t -> t.revisionName).containsExactly("hello-00002");
    }

    @Test
    void notReadyNamedRevisionIsPending() {
        List<TrafficTarget> spec = List.of(TrafficTarget.latest(50), TrafficTarget.revision("hello-00003", 50));

        TrafficResolution resolution = TrafficResolver.resolve(spec, "hello-00002", THREE, Set.of("hello-00002"), URL);

        assertThat(resolution.problems()).containsExactly(new TrafficResolution.Problem("RevisionNotReady",
                "spec.traffic[1] names revision 'hello-00003', which is not ready", true));
    }

    @Test
    void eachTaggedTargetGetsItsOwnUrl() {
        List<TrafficTarget> spec = Functions.withTraffic("hello").build().getSpec().traffic;

        TrafficResolution resolution = TrafficResolver.resolve(spec, "hello-00002", THREE, THREE, URL);

        assertThat(resolution.complete()).isTrue();
        assertThat(resolution.targets()).extracting(t -> t.revisionName, t -> t.tag, t -> t.url).containsExactly(
                tuple("hello-00002", "current", URL + "@current"),
                tuple("hello-00001", "stable", URL + "@stable"),
                tuple("hello-00003", "feature-x", URL + "@feature-x"));
    }

    @Test
    void untaggedTargetGetsTheFunctionUrlAndAnExplicitZeroPercent() {
        TrafficTarget untagged = TrafficTarget.revision("hello-00001", 0);
        untagged.percent = null;
        List<TrafficTarget> spec = List.of(TrafficTarget.latest(100), untagged);

        TrafficResolution resolution = TrafficResolver.resolve(spec, "hello-00002", THREE, THREE, URL);

        assertThat(resolution.targets().get(1).url).isEqualTo(URL);
        assertThat(resolution.targets().get(1).percent).isZero();
    }

    @Test
    void resolvingLeavesTheSpecUntouched() {
        List<TrafficTarget> spec = List.of(TrafficTarget.latest(100).withTag("current"));

        TrafficResolver.resolve(spec, "hello-00002", THREE, THREE, URL);

        assertThat(spec.get(0).revisionName).isNull();
        assertThat(spec.get(0).url).isNull();
    }
}
