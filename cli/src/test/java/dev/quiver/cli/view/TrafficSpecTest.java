package dev.quiver.cli.view;

import dev.quiver.api.StringMatch;
import dev.quiver.api.TrafficTarget;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficSpecTest {

    private static List<TrafficTarget> build(List<String> splits, List<String> tags, List<String> routes) {
        return TrafficSpec.build("hello", splits, tags, routes);
    }

    @Test
    void splitsBecomeWeightedTargetsInOrder() {
        List<TrafficTarget> targets = build(List.of("hello-00002=90", "hello-00001=10"), List.of(), List.of());

        assertThat(targets).containsExactly(TrafficTarget.revision("hello-00002", 90), TrafficTarget.revision("hello-00001", 10));
    }

    @Test
    void latestFollowsTheLatestReadyRevision() {
        assertThat(build(List.of("@latest=100"), List.of(), List.of())).containsExactly(TrafficTarget.latest(100));
    }

    @Test
    void revisionNumbersExpandToTheFunctionsRevisionNames() {
        assertThat(build(List.of("2=50", "00001=50%"), List.of(), List.of()))
                .containsExactly(TrafficTarget.revision("hello-00002", 50), TrafficTarget.revision("hello-00001", 50));
    }

    @Test
    void tagAttachesToTheWeightedTargetOfItsRevision() {
        List<TrafficTarget> targets = build(List.of("@latest=90", "1=10"), List.of("stable=hello-00001", "current=@latest"),
                List.of());

        assertThat(targets).containsExactly(TrafficTarget.latest(90).withTag("current"),
                TrafficTarget.revision("hello-00001", 10).withTag("stable"));
    }

    @Test
    void tagOfARevisionWithoutShareAddsAZeroPercentTarget() {
        List<TrafficTarget> targets = build(List.of("@latest=100"), List.of("beta=3"), List.of());

        assertThat(targets).containsExactly(TrafficTarget.latest(100), TrafficTarget.revision("hello-00003", 0).withTag("beta"));
    }

    @Test
    void routeHeaderAddsAMatchTargetWithoutPercent() {
        List<TrafficTarget> targets = build(List.of("@latest=100"), List.of("feature=3"), List.of("x-group=test:hello-00003"));

        TrafficTarget route = targets.get(1);
        assertThat(targets).hasSize(2);
        assertThat(route.revisionName).isEqualTo("hello-00003");
        assertThat(route.percent).isNull();
        assertThat(route.tag).as("the tag joins the header route of the same revision").isEqualTo("feature");
        assertThat(route.match.headers).containsExactly(Map.entry("x-group", StringMatch.exact("test")));
    }

    @Test
    void routeHeaderValueMayContainColons() {
        TrafficTarget route = build(List.of("@latest=100"), List.of(), List.of("x-build=a:b:2")).get(1);

        assertThat(route.match.headers.get("x-build").exact).isEqualTo("a:b");
        assertThat(route.revisionName).isEqualTo("hello-00002");
    }

    @Test
    void splitWithoutEqualsIsRejectedWithAnExample() {
        assertThatThrownBy(() -> build(List.of("hello-00001:50"), List.of(), List.of()))
                .hasMessage("expected REV=PCT (e.g. hello-00002=90 or @latest=10), got 'hello-00001:50'");
    }

    @Test
    void percentThatIsNotAWholeNumberIsRejected() {
        assertThatThrownBy(() -> build(List.of("1=ten"), List.of(), List.of()))
                .hasMessage("the percent in '1=ten' must be a whole number from 0 to 100");
        assertThatThrownBy(() -> build(List.of("1=101"), List.of(), List.of()))
                .hasMessage("the percent in '1=101' must be a whole number from 0 to 100");
        assertThatThrownBy(() -> build(List.of("1=-5"), List.of(), List.of()))
                .hasMessageContaining("must be a whole number from 0 to 100");
    }

    @Test
    void revisionGivenTwiceIsRejected() {
        assertThatThrownBy(() -> build(List.of("2=50", "hello-00002=50"), List.of(), List.of()))
                .hasMessage("revision hello-00002 is given twice: give each revision one REV=PCT");
    }

    @Test
    void routeHeaderWithoutRevisionIsRejected() {
        assertThatThrownBy(() -> build(List.of("@latest=100"), List.of(), List.of("x-group=test")))
                .hasMessageStartingWith("--route-header expects HEADER=VALUE:REV");
    }

    @Test
    void routeHeaderToLatestIsRejected() {
        assertThatThrownBy(() -> build(List.of("@latest=100"), List.of(), List.of("x-group=test:@latest")))
                .hasMessageContaining("cannot follow @latest");
    }

    @Test
    void malformedOrRepeatedTagIsRejected() {
        assertThatThrownBy(() -> build(List.of("@latest=100"), List.of("stable"), List.of()))
                .hasMessage("--tag expects REV=TAG (e.g. hello-00001=stable), got 'stable'");
        assertThatThrownBy(() -> build(List.of("@latest=100"), List.of("a=1", "a=2"), List.of()))
                .hasMessageContaining("tag 'a' is given twice");
    }

    @Test
    void revisionNumberZeroIsRejected() {
        assertThatThrownBy(() -> build(List.of("0=100"), List.of(), List.of()))
                .hasMessageContaining("revision numbers start at 1");
    }

    @Test
    void tagInKnOrderNamesTheRevisionFirst() {
        List<TrafficTarget> targets = build(List.of("@latest=90", "1=10"), List.of("hello-00001=stable", "@latest=current"),
                List.of());

        assertThat(targets).containsExactly(TrafficTarget.latest(90).withTag("current"),
                TrafficTarget.revision("hello-00001", 10).withTag("stable"));
        assertThat(TrafficSpec.tag("hello", "hello-00001=stable").oldOrder()).isFalse();
        assertThat(TrafficSpec.tag("hello", "stable=hello-00001").oldOrder()).isTrue();
    }

    @Test
    void retagMovesATagAndUntagDropsItsZeroPercentTarget() {
        List<TrafficTarget> current = new ArrayList<>(List.of(TrafficTarget.latest(100).withTag("current"),
                TrafficTarget.revision("hello-00001", 0).withTag("old"), TrafficTarget.revision("hello-00002", 0).withTag("beta")));

        List<TrafficTarget> targets = TrafficSpec.retag("hello", current, List.of("hello-00001=beta"), List.of("old"));

        assertThat(targets).containsExactly(TrafficTarget.latest(100).withTag("current"),
                TrafficTarget.revision("hello-00001", 0).withTag("beta"));
    }

    @Test
    void untagOfAnUnknownTagIsRejected() {
        assertThatThrownBy(() -> TrafficSpec.retag("hello", List.of(TrafficTarget.latest(100)), List.of(), List.of("gone")))
                .hasMessageContaining("--untag gone: no revision of hello has that tag");
    }
}
