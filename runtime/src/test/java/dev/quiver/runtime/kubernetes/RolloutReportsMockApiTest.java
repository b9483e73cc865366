package dev.quiver.runtime.kubernetes;

import dev.quiver.standin.testing.Crds;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.api.Function;
import dev.quiver.api.RevisionCounts;
import dev.quiver.api.RolloutPhase;
import dev.quiver.api.RolloutReport;
import dev.quiver.api.RolloutSpec;
import dev.quiver.api.RolloutStatus;
import dev.quiver.api.SmokeExpectation;
import dev.quiver.api.SmokeRequest;
import dev.quiver.api.SmokeTest;
import dev.quiver.api.rollout.LatencyBuckets;
import dev.quiver.runtime.auth.InternalKey;
import dev.quiver.runtime.kubernetes.model.LoadReport;
import dev.quiver.runtime.kubernetes.model.RolloutCountsReport;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.rollout.SmokeTestRunner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader reports a rolling-out Function's counts and smoke test in a Lease beside it: two runtime replicas
 * publishing their counts on their own Leases in the mock API server, and a smoke test sent over loopback to a real
 * HTTP server standing in for the runtime's own gateway.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class RolloutReportsMockApiTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(30);
    private static final String STARTED = "2026-03-01T10:00:00Z";
    private static final RevisionRef STABLE = new RevisionRef("shop", "orders", "orders-00001");
    private static final RevisionRef CANARY = new RevisionRef("shop", "orders", "orders-00002");

    static KubernetesClient client;

    private final String runtimeNamespace = "quiver-" + Long.toHexString(System.nanoTime() & 0xffffff);
    private final Map<RevisionRef, RevisionCounts> countsOfA = new ConcurrentHashMap<>();
    private final Map<RevisionRef, RevisionCounts> countsOfB = new ConcurrentHashMap<>();
    private final List<String> gatewayCalls = new CopyOnWriteArrayList<>();
    private ClusterLoad a;
    private ClusterLoad b;
    private HttpServer gateway;
    private Vertx vertx;
    private SmokeTestRunner runner;

    @BeforeAll
    static void crds() {
        Crds.install(client);
    }

    @BeforeEach
    void start() throws Exception {
        a = load("runtime-a", countsOfA);
        b = load("runtime-b", countsOfB);
        // What the runtime's own gateway answers for the new revision's tag.
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            gatewayCalls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " internal-key="
                    + InternalKey.value().equals(exchange.getRequestHeaders().getFirst(InternalKey.HEADER)));
            byte[] body = "status: ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/fn/orders@canary/health") ? 200 : 404,
                    body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.start();
        vertx = Vertx.vertx();
        runner = new SmokeTestRunner(vertx, "127.0.0.1", gateway.getAddress().getPort(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        runner.close();
        vertx.close();
        gateway.stop(0);
        client.leases().inNamespace("shop").delete();
        client.resources(Function.class).inNamespace("shop").delete();
    }

    @Test
    void theLeaderWritesTheCountsOfBothReplicasAddedUpOnlyForFunctionsWithARolloutAndOnlyWhenTheyChange() {
        Function orders = client.resource(function("orders", true)).create();
        client.resource(function("plain", false)).create();
        countsOfA.put(STABLE, counts(100, 2, 0, 10, 1));
        countsOfA.put(CANARY, counts(10, 1, 0, 4, 1));
        countsOfB.put(CANARY, counts(5, 0, 1, 2, 0));
        a.publish();
        b.publish();
        assertThat(a.rolloutCounts()).as("unknown before the other replicas' reports were read").isEmpty();
        RolloutReports blind = new RolloutReports(client, () -> true, "runtime-a",
                () -> client.resources(Function.class).inNamespace("shop").list().getItems(), Optional::empty,
                runner::run, Clock.systemUTC(), HEARTBEAT, HEARTBEAT.multipliedBy(3));
        blind.tick();
        assertThat(lease("orders")).as("no report from a leader that has not read the other replicas").isNull();
        assertThat(client.leases().inNamespace(runtimeNamespace).withName("quiver-load-runtime-b").get().getMetadata()
                .getAnnotations()).containsEntry(RolloutCountsReport.ANNOTATION,
                "shop/orders/orders-00002 requests=5 errors=0 timeouts=1 events=2 deadLetters=0 latency=5\n")
                .containsKey(LoadReport.ANNOTATION);
        eventually(() -> {
            a.refresh();
            RevisionCounts canary = a.rolloutCounts().orElseThrow().get(CANARY);
            return canary != null && canary.requests == 15;
        });
        RolloutReports reports = reports("runtime-a");

        reports.tick();

        Lease lease = lease("orders");
        assertThat(lease.getMetadata().getLabels()).containsEntry("quiver.dev/function", "orders");
        assertThat(lease.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Function");
            assertThat(owner.getUid()).isEqualTo(orders.getMetadata().getUid());
        });
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("runtime-a");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(90);
        RolloutReport report = report(lease);
        assertThat(report.counts()).containsOnlyKeys("orders-00001", "orders-00002");
        assertThat(report.counts().get("orders-00002")).isEqualTo(counts(15, 1, 1, 6, 1));
        assertThat(report.counts().get("orders-00001")).isEqualTo(counts(100, 2, 0, 10, 1));
        assertThat(report.smokeTest()).isNull();
        assertThat(lease("plain")).as("no rollout, no report").isNull();

        String written = lease.getMetadata().getResourceVersion();
        reports.tick();
        assertThat(lease("orders").getMetadata().getResourceVersion()).as("unchanged counts are not rewritten")
                .isEqualTo(written);

        countsOfB.put(CANARY, counts(8, 3, 1, 5, 3));
        b.publish();
        eventually(() -> {
            a.refresh();
            return a.rolloutCounts().orElseThrow().get(CANARY).requests == 18;
        });
        reports.tick();
        assertThat(report(lease("orders")).counts().get("orders-00002")).isEqualTo(counts(18, 4, 1, 9, 4));

        assertThat(gatewayCalls).as("no smoke test outside SmokeTesting").isEmpty();
    }

    @Test
    void aSmokeTestingRolloutGetsOneSmokeTestThroughTheGatewayWhichANewLeaderCarriesOnWithoutSendingItAgain() {
        Function orders = client.resource(function("orders", true)).create();
        orders.getStatus().rollout = smokeTesting(STARTED);
        client.resource(orders).updateStatus();
        RolloutReports reports = reports("runtime-a");

        eventually(() -> {
            reports.tick();
            RolloutReport report = report(lease("orders"));
            return report != null && report.smokeTest() != null;
        });

        assertThat(report(lease("orders")).smokeTest()).isEqualTo(
                new RolloutReport.SmokeTestRun("orders-00002", STARTED, true, "1 smoke test request passed"));
        assertThat(gatewayCalls).containsExactly("GET /fn/orders@canary/health internal-key=true");
        reports.tick();
        reports.tick();
        assertThat(gatewayCalls).as("the run is reported, not sent again").hasSize(1);

        RolloutReports next = reports("runtime-b");
        next.tick();
        assertThat(lease("orders").getSpec().getHolderIdentity()).isEqualTo("runtime-b");
        assertThat(report(lease("orders")).smokeTest()).as("the new leader carries the run on")
                .isEqualTo(new RolloutReport.SmokeTestRun("orders-00002", STARTED, true, "1 smoke test request passed"));
        assertThat(gatewayCalls).as("and does not send it again").hasSize(1);

        Function again = client.resources(Function.class).inNamespace("shop").withName("orders").get();
        again.getStatus().rollout = smokeTesting("2026-03-01T11:00:00Z");
        client.resource(again).updateStatus();
        eventually(() -> {
            next.tick();
            RolloutReport.SmokeTestRun run = report(lease("orders")).smokeTest();
            return run.isFor("orders-00002", "2026-03-01T11:00:00Z");
        });
        assertThat(gatewayCalls).as("a rollout started again is smoke-tested again").hasSize(2);
    }

    @Test
    void aSmokeTestThatMissesItsExpectationIsReportedAsFailed() {
        Function orders = function("orders", true);
        orders.getSpec().rollout.smokeTest.requests.get(0).path = "/missing";
        orders = client.resource(orders).create();
        orders.getStatus().rollout = smokeTesting(STARTED);
        client.resource(orders).updateStatus();
        RolloutReports reports = reports("runtime-a");

        eventually(() -> {
            reports.tick();
            RolloutReport report = report(lease("orders"));
            return report != null && report.smokeTest() != null;
        });

        RolloutReport.SmokeTestRun run = report(lease("orders")).smokeTest();
        assertThat(run.passed()).isFalse();
        assertThat(run.message()).contains("/missing").contains("404");
    }

    private RolloutReports reports(String identity) {
        return new RolloutReports(client, () -> true, identity,
                () -> client.resources(Function.class).inNamespace("shop").list().getItems(), () -> {
                    a.refresh(); // as the runtime's loop does before each tick
                    return a.rolloutCounts();
                }, runner::run, Clock.systemUTC(), HEARTBEAT, HEARTBEAT.multipliedBy(3));
    }

    private ClusterLoad load(String identity, Map<RevisionRef, RevisionCounts> counts) {
        KubernetesSettings settings = new KubernetesSettings(List.of(), runtimeNamespace, identity,
                "quiver-runtime-leader", Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
        return new ClusterLoad(client, settings, revision -> 0, Set::of, () -> Map.copyOf(counts), Clock.systemUTC())
                .start();
    }

    private static Lease lease(String function) {
        return client.leases().inNamespace("shop").withName(RolloutReport.leaseName(function)).get();
    }

    private static RolloutReport report(Lease lease) {
        return lease == null ? null : RolloutReport.decode(lease.getMetadata().getAnnotations().get(RolloutReport.ANNOTATION));
    }

    private static RolloutStatus smokeTesting(String stepStartedAt) {
        RolloutStatus status = new RolloutStatus();
        status.phase = RolloutPhase.SmokeTesting;
        status.revision = "orders-00002";
        status.stableRevision = "orders-00001";
        status.step = 0;
        status.stepStartedAt = stepStartedAt;
        return status;
    }

    private static Function function(String name, boolean rollout) {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
        function.getSpec().image = "registry.local/" + name + "@sha256:" + "1".repeat(64);
        if (rollout) {
            function.getSpec().rollout = new RolloutSpec();
            function.getSpec().rollout.smokeTest = new SmokeTest();
            SmokeRequest health = SmokeRequest.of("GET", "/health");
            health.expect = new SmokeExpectation();
            health.expect.bodyContains = "ok";
            function.getSpec().rollout.smokeTest.requests.add(health);
        }
        return function;
    }

    /** Counts with a latency histogram of one bucket (the first) for simplicity. */
    private static RevisionCounts counts(long requests, long errors, long timeouts, long events, long deadLetters) {
        long[] buckets = new long[LatencyBuckets.COUNT];
        buckets[0] = requests;
        return RevisionCounts.of(requests, errors, timeouts, events, deadLetters, buckets);
    }
}
