package dev.quiver.acceptance.contract;

import dev.quiver.api.ApiJson;
import dev.quiver.api.BuildSpec;
import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionRevisionStatus;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.HasConditions;
import dev.quiver.api.Mode;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.conditions.FunctionLifecycle;
import dev.quiver.api.conditions.RevisionLifecycle;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.controller.status.FunctionStatuses;
import dev.quiver.controller.status.RevisionStatuses;
import dev.quiver.controller.resources.RevisionSnapshots;
import dev.quiver.runtime.local.LocalFunctionStore;
import dev.quiver.runtime.local.LocalRevisions;
import dev.quiver.runtime.local.LocalRoutes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A status reads the same on both platforms: for the same scenario, the controller's aggregators (from a Deployment
 * in that state) and the local platform's revisions and routes (from its replicas' events) produce the same
 * conditions, reasons and messages, the same probes and replica counts, and the same served traffic. It lives here
 * because this is the one module that sees both the controller and the runtime; both mark through the lifecycle
 * helpers of {@code dev.quiver.api.conditions}, which this test keeps from drifting apart again.
 *
 * <p>Only where the cause itself differs do the reasons differ, by design: a cluster's revision that never became
 * ready fails with its Deployment's {@code ProgressDeadlineExceeded}, a local one with {@code ReadinessFailed} (the
 * replica's own failure); for that scenario the test compares everything but the reason and the message.
 */
class StatusParityTest {

    private static final String GATEWAY = "http://quiver-gateway.quiver-system.svc.cluster.local";
    private static final String IMAGE = "registry.local/hello@sha256:" + "a".repeat(64);
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    private final Function function = hello();

    @Test
    void aDeployingRevisionReadsTheSame() {
        FunctionRevisionStatus cluster = clusterRevision(1, deployment(1, 0, null));

        FunctionRevision local = localRevision(1);
        LocalRevisions.markStarting(local, 1, clock);

        assertThat(comparable(localView(local, 0, 1))).isEqualTo(comparable(cluster));
        assertThat(cluster.condition(ConditionTypes.READY).reason).isEqualTo(RevisionLifecycle.DEPLOYING);
    }

    @Test
    void aReadyRevisionReadsTheSame() {
        FunctionRevisionStatus cluster = clusterRevision(1, deployment(1, 1, "Available"));

        FunctionRevision local = localRevision(1);
        LocalRevisions.markStarting(local, 1, clock);
        LocalRevisions.markReady(local, clock);

        assertThat(comparable(localView(local, 1, 1))).isEqualTo(comparable(cluster));
        assertThat(cluster.isTrue(ConditionTypes.READY)).isTrue();
    }

    @Test
    void aRevisionScaledToZeroReadsTheSame() {
        FunctionRevisionStatus cluster = clusterRevision(1, deployment(1, 1, "Available"));
        cluster = clusterRevision(1, cluster, deployment(0, 0, null));

        FunctionRevision local = localRevision(1);
        LocalRevisions.markStarting(local, 1, clock);
        LocalRevisions.markReady(local, clock);

        // A cluster's revision says its resources are "ScaledToZero"; a local one keeps them as they were once ready
        // (its replicas come and go under the autoscaler, not a Deployment). Ready and Active read the same.
        FunctionRevisionStatus view = localView(local, 0, 0);
        assertThat(view.condition(ConditionTypes.READY).status).isEqualTo(cluster.condition(ConditionTypes.READY).status);
        assertThat(line(view.condition(ConditionTypes.ACTIVE))).isEqualTo(line(cluster.condition(ConditionTypes.ACTIVE)));
    }

    @Test
    void aRevisionThatNeverBecomesReadyFailsAlikeForItsOwnCause() {
        FunctionRevisionStatus cluster = clusterRevision(1, deployment(1, 0, "ProgressDeadlineExceeded"));

        FunctionRevision local = localRevision(1);
        LocalRevisions.markStarting(local, 1, clock);
        LocalRevisions.markFailed(local, "readiness GET /q/health/ready failed 3 times", clock);

        assertThat(shape(localView(local, 0, 1))).isEqualTo(shape(cluster));
        assertThat(cluster.condition(ConditionTypes.READY).reason).isEqualTo(RevisionLifecycle.PROGRESS_DEADLINE_EXCEEDED);
        assertThat(local.getStatus().condition(ConditionTypes.READY).reason).isEqualTo(RevisionLifecycle.READINESS_FAILED);
    }

    @Test
    void aReadyFunctionServesTheSameTraffic() {
        FunctionRevision clusterFirst = clusterReady(1);
        FunctionRevision localFirst = localReady(1);

        FunctionStatus cluster = clusterFunction(List.of(clusterFirst));
        FunctionStatus local = localFunction(List.of(localFirst), "hello-00001");

        assertThat(conditions(local)).isEqualTo(conditions(cluster));
        assertThat(traffic(local)).isEqualTo(traffic(cluster)).isNotEmpty();
        assertThat(cluster.isTrue(ConditionTypes.READY)).isTrue();
    }

    @Test
    void aFunctionWhoseNewRevisionIsDeployingKeepsTheSameTrafficAndSaysSo() {
        FunctionRevision clusterSecond = clusterRevisionObject(2);
        clusterSecond.setStatus(clusterRevision(2, deployment(1, 0, null)));
        FunctionRevision localSecond = localRevision(2);
        LocalRevisions.markStarting(localSecond, 1, clock);

        FunctionStatus cluster = clusterFunction(List.of(clusterReady(1), clusterSecond));
        FunctionStatus local = localFunction(List.of(localReady(1), localSecond), "hello-00001");

        assertThat(conditions(local)).isEqualTo(conditions(cluster));
        assertThat(traffic(local)).isEqualTo(traffic(cluster));
        assertThat(cluster.condition(ConditionTypes.LATEST_REVISION_READY).reason).isEqualTo(FunctionLifecycle.REVISION_DEPLOYING);
    }

    @Test
    void aFunctionWhoseNewRevisionFailedReportsItAlike() {
        FunctionRevision clusterSecond = clusterRevisionObject(2);
        clusterSecond.setStatus(clusterRevision(2, deployment(1, 0, "ProgressDeadlineExceeded")));
        FunctionRevision localSecond = localRevision(2);
        LocalRevisions.markStarting(localSecond, 1, clock);
        LocalRevisions.markFailed(localSecond, "the replica exited with 1", clock);

        FunctionStatus cluster = clusterFunction(List.of(clusterReady(1), clusterSecond));
        FunctionStatus local = localFunction(List.of(localReady(1), localSecond), "hello-00001");

        assertThat(shape(local)).isEqualTo(shape(cluster));
        assertThat(traffic(local)).isEqualTo(traffic(cluster));
        assertThat(local.condition(ConditionTypes.LATEST_REVISION_READY).reason).isEqualTo(FunctionLifecycle.REVISION_FAILED);
    }

    // --- the cluster's path: the controller's aggregators, from Deployments in the scenario's state ---

    private FunctionRevision clusterRevisionObject(int number) {
        FunctionRevision revision = RevisionSnapshots.snapshot(function, name(number), IMAGE, "hash" + number, List.of());
        revision.getMetadata().setGeneration(1L);
        revision.getSpec().defaultProbe = DefaultProbe.SmallRyeHealth;
        return revision;
    }

    private FunctionRevisionStatus clusterRevision(int number, Deployment deployment) {
        return new RevisionStatuses(clock).ofService(clusterRevisionObject(number), deployment);
    }

    private FunctionRevisionStatus clusterRevision(int number, FunctionRevisionStatus previous, Deployment deployment) {
        FunctionRevision revision = clusterRevisionObject(number);
        revision.setStatus(previous);
        return new RevisionStatuses(clock).ofService(revision, deployment);
    }

    private FunctionRevision clusterReady(int number) {
        FunctionRevision revision = clusterRevisionObject(number);
        revision.setStatus(clusterRevision(number, deployment(1, 1, "Available")));
        return revision;
    }

    private FunctionStatus clusterFunction(List<FunctionRevision> revisions) {
        return new FunctionStatuses(clock, GATEWAY).of(function, revisions, null);
    }

    // --- the local path: the local platform's revisions and routes, as its replicas' events drive them ---

    private FunctionRevision localRevision(int number) {
        FunctionRevision revision = LocalRevisions.newRevision(function, name(number), IMAGE, "hash" + number, clock.instant());
        revision.getSpec().defaultProbe = DefaultProbe.SmallRyeHealth;
        return revision;
    }

    private FunctionRevision localReady(int number) {
        FunctionRevision revision = localRevision(number);
        LocalRevisions.markStarting(revision, 1, clock);
        LocalRevisions.markReady(revision, clock);
        return revision;
    }

    private FunctionRevisionStatus localView(FunctionRevision revision, int actual, int desired) {
        return LocalRevisions.withReplicas(revision, actual, desired, false, clock).getStatus();
    }

    private FunctionStatus localFunction(List<FunctionRevision> revisions, String latestReady) {
        FunctionStatus status = new FunctionStatus();
        status.latestCreatedRevisionName = revisions.get(revisions.size() - 1).getMetadata().getName();
        status.latestReadyRevisionName = latestReady;
        FunctionLifecycle.of(status, clock).markBuildSucceeded();
        Set<String> existing = revisions.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> ready = revisions.stream().filter(FunctionLifecycle::isReady).map(r -> r.getMetadata().getName())
                .collect(Collectors.toSet());
        // The same URL as the cluster's, so tagged targets' URLs compare too: which gateway URL is the platform's own.
        String url = new FunctionStatuses(clock, GATEWAY).urlOf(function);
        LocalRoutes.markStatus(status, revisions.get(revisions.size() - 1), function.getSpec().traffic, existing, ready,
                url, null, clock);
        return status;
    }

    // --- what is compared ---

    /** Conditions (type, status, reason, message, transition), probes, generation and replica counts. */
    private static Map<String, Object> comparable(FunctionRevisionStatus status) {
        Map<String, Object> view = new TreeMap<>();
        view.put("conditions", conditions(status));
        view.put("probes", status.probes);
        view.put("observedGeneration", status.observedGeneration);
        view.put("replicas", status.actualReplicas + "/" + status.desiredReplicas);
        return view;
    }

    /** Each condition's type and status, and the Function's LatestRevisionReady reason: what a failure shares. */
    private static List<String> shape(HasConditions status) {
        return status.conditions().stream().map(c -> c.type + "=" + c.status
                + (ConditionTypes.LATEST_REVISION_READY.equals(c.type) ? " " + c.reason : "")).toList();
    }

    private static List<String> conditions(HasConditions status) {
        return status.conditions().stream().map(StatusParityTest::line).toList();
    }

    private static String line(Condition c) {
        return c.type + "=" + c.status + " " + c.reason + ": " + c.message + " @" + c.lastTransitionTime;
    }

    private static List<Object> traffic(FunctionStatus status) {
        return new ArrayList<>(status.traffic.stream().map(ApiJson::tree).toList());
    }

    private static Deployment deployment(int replicas, int ready, String condition) {
        DeploymentBuilder builder = new DeploymentBuilder().withNewSpec().withReplicas(replicas).endSpec();
        if (condition == null) {
            return builder.withNewStatus().withReadyReplicas(ready).endStatus().build();
        }
        boolean deadline = "ProgressDeadlineExceeded".equals(condition);
        return builder.withNewStatus().withReadyReplicas(ready).addNewCondition()
                .withType(deadline ? "Progressing" : condition).withStatus(deadline ? "False" : "True")
                .withReason(deadline ? condition : "MinimumReplicasAvailable").withMessage("the Deployment says so")
                .endCondition().endStatus().build();
    }

    private static String name(int number) {
        return String.format("hello-%05d", number);
    }

    /** A Function built from source (so both report BuildSucceeded) in the local platform's namespace. */
    private static Function hello() {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withNamespace(LocalFunctionStore.NAMESPACE).withName("hello")
                .withGeneration(1L).build());
        function.getSpec().build = new BuildSpec();
        function.getSpec().mode = Mode.Service;
        function.getSpec().traffic.add(TrafficTarget.latest(100));
        TrafficTarget pinned = TrafficTarget.revision("hello-00001", 0);
        pinned.tag = "stable";
        function.getSpec().traffic.add(pinned);
        return function;
    }
}
