package dev.quiver.cli.view;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.quiver.api.testing.Fixtures.failed;
import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static dev.quiver.api.testing.Fixtures.ready;
import static dev.quiver.api.testing.Fixtures.revision;
import static dev.quiver.api.testing.Fixtures.serving;
import static org.assertj.core.api.Assertions.assertThat;

class FunctionViewTest {

    private static TrafficTarget headerRoute() {
        TrafficTarget target = new TrafficTarget();
        target.revisionName = "hello-00003";
        target.tag = "feature";
        target.match = TrafficMatch.header("x-group", "test");
        target.url = "http://localhost:8080/fn/hello@feature";
        return target;
    }

    @Test
    void listShowsReadinessLatestRevisionSplitAndUrl() {
        Function hello = function("hello", readyOn("hello-00002"),
                serving(TrafficTarget.revision("hello-00002", 90), TrafficTarget.revision("hello-00001", 10)));

        String text = FunctionView.list(List.of(hello));

        assertThat(text.lines()).hasSize(2);
        assertThat(text.lines().toList().get(1)).containsSubsequence("hello", "True", "hello-00002",
                "hello-00002=90% hello-00001=10%", "http://localhost:8080/fn/hello");
    }

    @Test
    void describeShowsRevisionsTrafficWithMatchRulesAndConditionReasons() {
        Function hello = function("hello", readyOn("hello-00002"),
                serving(TrafficTarget.revision("hello-00002", 100), headerRoute()));

        String text = FunctionView.describe(hello, List.of(revision("hello", 2, ready(1)),
                revision("hello", 3, failed("ContainerUnhealthy", "readiness probe failed"))));

        assertThat(text).containsSubsequence("Revisions:", "hello-00003", "False", "ContainerUnhealthy",
                "readiness probe failed", "hello-00002", "True", "1/1",
                "Traffic:", "hello-00002", "100%", "hello-00003", "feature", "header x-group=test",
                "http://localhost:8080/fn/hello@feature", "Conditions:", "Ready", "True");
    }

    @Test
    void trafficSaysWhatKeepsUsersOnOneRevisionOfAStickySplit() {
        Function hello = function("hello", readyOn("hello-00002"),
                serving(TrafficTarget.revision("hello-00002", 50), TrafficTarget.revision("hello-00001", 50)));
        hello.getSpec().sticky = StickySplit.byCookie("quiver-split");

        assertThat(FunctionView.traffic(hello)).containsSubsequence("hello-00002", "50%", "hello-00001", "50%",
                "Sticky: each user stays on one revision by cookie quiver-split");
        hello.getSpec().sticky = null;
        assertThat(FunctionView.traffic(hello)).doesNotContain("Sticky");
    }

    @Test
    void namesAreKindSlashNameOnePerLine() {
        String text = FunctionView.names(List.of(function("hello"), function("greeter")));

        assertThat(text).isEqualTo("function/hello\nfunction/greeter\n");
    }

    @Test
    void wideListAddsTheLatestCreatedRevisionTagsAndMessage() {
        Function hello = function("hello", readyOn("hello-00002"),
                serving(TrafficTarget.revision("hello-00002", 100).withTag("current"), TrafficTarget.revision("hello-00001", 0).withTag("old")));
        hello.getStatus().latestCreatedRevisionName = "hello-00003";

        List<String> lines = FunctionView.listWide(List.of(hello)).lines().toList();

        assertThat(lines.get(0)).containsSubsequence("NAME", "READY", "REASON", "LATEST", "CREATED", "TRAFFIC", "TAGS", "URL", "MESSAGE");
        assertThat(lines.get(1)).containsSubsequence("hello", "True", "hello-00002", "hello-00003",
                "current=hello-00002,old=hello-00001");
    }

    @Test
    void describeSaysWhenAReplicaIsFrozenAndWideShowsTheImage() {
        Function hello = function("hello", readyOn("hello-00001"));
        var frozen = revision("hello", 1, ready(0), r -> r.getStatus().conditions.add(Condition.of(
                "Active", Condition.FALSE, "ScaledToZero", "scaled to zero; a frozen replica resumes on the next request")));

        assertThat(FunctionView.describe(hello, List.of(frozen))).contains("0/0 (frozen)").doesNotContain("registry.local/hello:1");
        assertThat(FunctionView.describe(hello, List.of(frozen), true)).containsSubsequence("IMAGE", "0/0 (frozen)", "registry.local/hello:1");
    }
}
