package dev.quiver.controller.reconcilers;

import dev.quiver.api.Function;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.RolloutAnalysis;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutReport;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.RolloutStep;
import dev.quiver.api.rollout.RolloutProgress;
import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout driven by the controller on the mock API server: the test writes the runtime's report (the Lease
 * {@code <function>-rollout}) and sees {@code status.rollout}, {@code status.traffic} and the Events follow. The
 * plan is short (steps of 1s, judged every second on 20 requests), so the controller's recheck moves it on.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RolloutMockApiTest extends MockApiTest {

    private static final String IMAGE = "registry.local/hello@sha256:" + "1".repeat(64);

    @KubernetesTestServer
    KubernetesServer server;

    private MockApi api;

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void mockApiInTheTestsNamespace() {
        api = new MockApi(client(), namespace);
    }

    @Test
    void aCanaryStepsOnTheReportedCountsAndSucceeds() {
        rollingOut();

        report(Map.of("hello-00002", RevisionCounts.of(40, 0, 0, 0, 0, new long[]{40}),
                "hello-00001", RevisionCounts.of(40, 0, 0, 0, 0, new long[]{40})));

        api.awaitFunction("hello", () -> phase() == RolloutPhase.Succeeded);
        assertThat(traffic()).containsExactly("hello-00002:100");
        assertThat(rollout().decisions).extracting(d -> d.verdict.name()).containsExactly("Passed");
        MockApi.awaitCondition(() -> reasons().contains("RolloutSucceeded"));
        assertThat(reasons()).containsSubsequence("RolloutStarted", "RolloutStepPassed", "RolloutSucceeded");
        assertThat(event("RolloutStepPassed").getMessage()).contains("40", "step 1 of 2 (50 %)");
    }

    @Test
    void fivePercentErrorsRollBackToTheStableRevision() {
        rollingOut();

        report(Map.of("hello-00002", RevisionCounts.of(400, 20, 0, 0, 0, new long[]{400}),
                "hello-00001", RevisionCounts.of(400, 0, 0, 0, 0, new long[]{400})));

        api.awaitFunction("hello", () -> phase() == RolloutPhase.RolledBack);
        assertThat(traffic()).containsExactly("hello-00001:100@stable", "hello-00002:0@canary");
        MockApi.awaitCondition(() -> reasons().contains("RolloutRolledBack"));
        Event failed = event("RolloutAnalysisFailed");
        assertThat(failed.getType()).isEqualTo("Warning");
        assertThat(failed.getMessage()).contains("5.0 %", "400");
        assertThat(api.revisionNames("hello")).contains("hello-00001", "hello-00002");
    }

    @Test
    void aPromoteAnnotationEndsTheRolloutOnce() {
        rollingOut();

        api.edit("hello", f -> {
            f.getMetadata().setAnnotations(new HashMap<>(Map.of(RolloutProgress.COMMAND_ANNOTATION, "promote hello-00002 c1")));
            return f;
        });

        api.awaitFunction("hello", () -> phase() == RolloutPhase.Succeeded);
        assertThat(traffic()).containsExactly("hello-00002:100");
        assertThat(rollout().command).isEqualTo("promote hello-00002 c1");
        MockApi.awaitCondition(() -> reasons().contains("RolloutSucceeded"));
        assertThat(reasons()).filteredOn("RolloutPromoted"::equals).hasSize(1);
    }

    /** The first revision ready, then a second one: its rollout at step 1 (50 %) against the first. */
    private void rollingOut() {
        Function function = Fixtures.function(api.namespace, "hello", IMAGE);
        RolloutSpec rollout = new RolloutSpec();
        rollout.steps = new ArrayList<>(List.of(RolloutStep.of(50, "1s")));
        rollout.analysis = new RolloutAnalysis();
        rollout.analysis.interval = "1s";
        rollout.analysis.minRequests = 20;
        function.getSpec().rollout = rollout;
        api.create(function);
        api.makeReady("hello-00001");
        api.awaitFunction("hello", () -> phase() == RolloutPhase.Succeeded && traffic().equals(List.of("hello-00001:100")));

        api.edit("hello", f -> Fixtures.withEnv(f, "GREETING", "hi"));
        api.makeReady("hello-00002");
        api.awaitFunction("hello", () -> phase() == RolloutPhase.Progressing && "hello-00002".equals(rollout().revision));
        assertThat(rollout().stableRevision).isEqualTo("hello-00001");
        assertThat(traffic()).containsExactly("hello-00001:50@stable", "hello-00002:50@canary");
    }

    private RolloutStatus rollout() {
        Function function = api.function("hello");
        return function == null || function.getStatus() == null ? null : function.getStatus().rollout;
    }

    private RolloutPhase phase() {
        RolloutStatus rollout = rollout();
        return rollout == null ? null : rollout.phase;
    }

    private List<String> traffic() {
        return api.function("hello").getStatus().traffic.stream()
                .map(t -> t.revisionName + ":" + t.percent + (t.tag == null ? "" : "@" + t.tag)).toList();
    }

    private List<String> reasons() {
        return api.events().stream().map(Event::getReason).toList();
    }

    private Event event(String reason) {
        return api.events().stream().filter(e -> reason.equals(e.getReason())).findFirst().orElseThrow();
    }

    /** Writes the report as the runtime's leader does: the Lease beside the Function, owned by it. */
    private void report(Map<String, RevisionCounts> counts) {
        Function function = api.function("hello");
        Lease lease = new LeaseBuilder().withNewMetadata().withNamespace(api.namespace)
                .withName(RolloutReport.leaseName("hello"))
                .addToLabels("quiver.dev/function", "hello")
                .addToAnnotations(RolloutReport.ANNOTATION, new RolloutReport(counts, null).encode())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("quiver.dev/v1alpha1").withKind("Function")
                        .withName("hello").withUid(function.getMetadata().getUid()).build())
                .endMetadata()
                .withNewSpec().withHolderIdentity("quiver-runtime-0")
                .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).withLeaseDurationSeconds(30).endSpec().build();
        api.client.resource(lease).createOr(existing -> existing.update());
    }
}
