package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runtime with the local platform and the real {@code hello} sample, end to end over loopback: the runtime
 * process builds the sample once, each test edits {@code function.yaml} or the traffic to make and route
 * revisions. The tests run in order because each builds on the revisions the previous ones made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRuntimeIT {

    private static final Duration FIRST_BUILD = Duration.ofMinutes(6);
    private static final Duration REVISION_READY = Duration.ofSeconds(90);
    private static final String BODY = "{\"name\":\"it\"}";

    private static LocalRuntimeProcess runtime;

    @BeforeAll
    static void startRuntime() throws Exception {
        runtime = LocalRuntimeProcess.start(List.of("hello"), Map.of(
                "quiver.autoscaler.stable-window", "2s",
                "quiver.local.retention", "0s",
                "quiver.local.readiness-deadline", "30s"));
        runtime.await("hello to be Ready", FIRST_BUILD, () -> runtime.admin("/v1/functions/hello"),
                fn -> "True".equals(RuntimeJson.condition(fn, "Ready")));
    }

    @AfterAll
    static void stopRuntime() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** A function.yaml for hello: the env value picks the template (a new value makes a new revision). */
    private static String helloYaml(String variant, String grace, String traffic) {
        return """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: hello
                spec:
                  template:
                    env:
                      - {name: VARIANT, value: "%s"}
                    scale: {min: 0, max: 3, scaleToZeroGracePeriod: %s}
                  traffic:
                %s
                """.formatted(variant, grace, traffic.indent(4).stripTrailing());
    }

    private static HttpResponse<String> call(String path, Map<String, String> headers) {
        return runtime.invoke(path, headers, BODY);
    }

    private static void awaitRevisionReady(String revision) {
        runtime.await(revision + " to be Ready", REVISION_READY, () -> runtime.revision("hello", revision),
                rev -> rev != null && "True".equals(RuntimeJson.condition(rev, "Ready")));
    }

    private static void awaitServedBy(String revision, Map<String, String> headers) {
        runtime.await("requests to reach " + revision, REVISION_READY, () -> call("/fn/hello", headers),
                response -> response.statusCode() == 200 && revision.equals(RuntimeJson.revisionOf(response)));
    }

    private static Map<String, Integer> countRevisions(String path, Map<String, String> headers, int requests) {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = call(path, headers);
            assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
            counts.merge(RuntimeJson.revisionOf(response), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    @Order(1)
    void invokesTheBuiltFunctionThroughTheGateway() {
        HttpResponse<String> response = call("/fn/hello", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RuntimeJson.revisionOf(response)).isEqualTo("hello-00001");
        assertThat(RuntimeJson.json(response.body()).path("greeting").asText()).isEqualTo("Hello, it!");
        JsonNode function = runtime.admin("/v1/functions/hello");
        assertThat(function.path("status").path("latestReadyRevisionName").asText()).isEqualTo("hello-00001");
        assertThat(function.path("status").path("url").asText()).endsWith("/fn/hello");
        // The sample has the SDK: its jars make the default probes the SDK's endpoints.
        JsonNode revision = runtime.revision("hello", "hello-00001");
        assertThat(revision.path("spec").path("defaultProbe").asText()).isEqualTo("QuiverSdk");
        assertThat(revision.path("status").path("probes").asText()).isEqualTo("readiness GET /health/ready, "
                + "liveness GET /health/live (default: the app has the Quiver SDK)");
    }

    @Test
    @Order(2)
    void splitsTrafficNinetyTenWithinStatisticalBounds() {
        runtime.writeFunctionYaml("hello", helloYaml("two", "30s", """
                - {revisionName: hello-00001, percent: 90}
                - {latestRevision: true, percent: 10}"""));
        awaitRevisionReady("hello-00002");
        runtime.await("the 90/10 split to be served", REVISION_READY, () -> runtime.admin("/v1/functions/hello"),
                fn -> fn.path("status").path("traffic").toString().contains("hello-00002"));

        Map<String, Integer> counts = countRevisions("/fn/hello", Map.of(), 2000);

        // Binomial(2000, 0.1): mean 200, sd 13.4; ±60 is about 4.5 sd, so a correct split fails 1 run in 100,000.
        assertThat(counts.getOrDefault("hello-00002", 0)).isBetween(140, 260);
        assertThat(counts.keySet()).containsOnly("hello-00001", "hello-00002");
    }

    @Test
    @Order(3)
    void headerRoutedRequestsReachTheFeatureRevisionAndOthersNever() {
        HttpResponse<String> put = runtime.putTraffic("hello", """
                [{"revisionName":"hello-00001","percent":100},
                 {"revisionName":"hello-00002","tag":"feature","match":{"headers":{"x-group":{"exact":"test"}}}}]""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        assertThat(countRevisions("/fn/hello", Map.of("x-group", "test"), 100)).containsOnlyKeys("hello-00002");
        assertThat(countRevisions("/fn/hello", Map.of(), 300)).containsOnlyKeys("hello-00001");
        assertThat(countRevisions("/fn/hello", Map.of("x-group", "other"), 100)).containsOnlyKeys("hello-00001");
    }

    @Test
    @Order(4)
    void aTagReachesItsRevision() {
        assertThat(countRevisions("/fn/hello@feature", Map.of(), 50)).containsOnlyKeys("hello-00002");
        JsonNode traffic = runtime.admin("/v1/functions/hello").path("status").path("traffic");
        assertThat(traffic.toString()).contains("/fn/hello@feature");
    }

    @Test
    @Order(5)
    void rollbackThroughTheAdminApiMovesAllTraffic() {
        assertThat(runtime.putTraffic("hello", "[{\"revisionName\":\"hello-00002\",\"percent\":100}]").statusCode())
                .isEqualTo(200);
        assertThat(countRevisions("/fn/hello", Map.of(), 100)).containsOnlyKeys("hello-00002");

        HttpResponse<String> rollback = runtime.putTraffic("hello", "[{\"revisionName\":\"hello-00001\",\"percent\":100}]");

        assertThat(rollback.statusCode()).isEqualTo(200);
        assertThat(RuntimeJson.json(rollback.body()).path("status").path("traffic").get(0)
                .path("revisionName").asText()).isEqualTo("hello-00001");
        assertThat(countRevisions("/fn/hello", Map.of(), 100)).containsOnlyKeys("hello-00001");
    }

    @Test
    @Order(6)
    void invalidTrafficIsRejectedWithEveryProblem() {
        HttpResponse<String> response = runtime.putTraffic("hello",
                "[{\"revisionName\":\"hello-00009\",\"percent\":50}]");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = RuntimeJson.json(response.body());
        assertThat(body.path("error").asText()).isEqualTo("InvalidTraffic");
        assertThat(body.path("problems").findValuesAsText("path"))
                .contains("spec.traffic", "spec.traffic[0].revisionName");
        assertThat(countRevisions("/fn/hello", Map.of(), 20)).containsOnlyKeys("hello-00001");
    }

    @Test
    @Order(7)
    void aFailingNewRevisionNeverReceivesTraffic() {
        // A heap too small for the JVM to start: the replica exits before it is ever ready.
        runtime.writeFunctionYaml("hello", helloYaml("three", "30s", "- {latestRevision: true, percent: 100}")
                .replace("- {name: VARIANT, value: \"three\"}", "- {name: JAVA_TOOL_OPTIONS, value: \"-Xmx1k\"}"));
        Map<String, Integer> seen = new ConcurrentHashMap<>();

        JsonNode failed = runtime.await("hello-00003 to fail", REVISION_READY, () -> {
            HttpResponse<String> response = call("/fn/hello", Map.of());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            seen.merge(RuntimeJson.revisionOf(response), 1, Integer::sum);
            return runtime.revision("hello", "hello-00003");
        }, rev -> rev != null && "False".equals(RuntimeJson.condition(rev, "Ready")));

        assertThat(failed.toString()).contains("ReadinessFailed");
        assertThat(seen).doesNotContainKey("hello-00003");
        assertThat(countRevisions("/fn/hello", Map.of(), 50)).containsOnlyKeys("hello-00002");
        JsonNode function = runtime.admin("/v1/functions/hello");
        assertThat(RuntimeJson.condition(function, "LatestRevisionReady")).isEqualTo("False");
        assertThat(function.path("status").path("latestReadyRevisionName").asText()).isEqualTo("hello-00002");
    }

    @Test
    @Order(8)
    void aRolloutAndARollbackUnderSteadyLoadLoseNoRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, Integer> revisions = new ConcurrentHashMap<>();
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> response = call("/fn/hello", Map.of());
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                    revisions.merge(RuntimeJson.revisionOf(response), 1, Integer::sum);
                    served.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        }, "steady-load");
        load.start();
        try {
            runtime.writeFunctionYaml("hello", helloYaml("four", "30s", "- {latestRevision: true, percent: 100}"));
            awaitRevisionReady("hello-00004");
            runtime.await("the load to reach hello-00004", REVISION_READY, () -> revisions.getOrDefault("hello-00004", 0),
                    count -> count > 50);
            assertThat(runtime.putTraffic("hello", "[{\"revisionName\":\"hello-00002\",\"percent\":100}]").statusCode())
                    .isEqualTo(200);
            int before = revisions.getOrDefault("hello-00002", 0);
            runtime.await("the load to reach hello-00002 again", REVISION_READY,
                    () -> revisions.getOrDefault("hello-00002", 0), count -> count > before + 50);
        } finally {
            running.set(false);
            load.join();
        }

        assertThat(failures).as("failed requests out of %d", served.get()).isEmpty();
        assertThat(revisions).containsKeys("hello-00002", "hello-00004");
    }

    @Test
    @Order(9)
    void scalesToZeroAfterTheGracePeriodAndBackOnTheNextRequest() {
        // Only the scale changes: no new revision, and the rollback to hello-00002 stays in force.
        runtime.writeFunctionYaml("hello", helloYaml("four", "1s", "- {latestRevision: true, percent: 100}"));

        runtime.await("hello-00002 to scale to zero", REVISION_READY, () -> runtime.revision("hello", "hello-00002"),
                rev -> rev.path("status").path("desiredReplicas").asInt(-1) == 0
                        && rev.path("status").path("actualReplicas").asInt(-1) == 0);
        assertThat(RuntimeJson.condition(runtime.revision("hello", "hello-00002"), "Active")).isEqualTo("False");

        HttpResponse<String> response = call("/fn/hello", Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(RuntimeJson.revisionOf(response)).isEqualTo("hello-00002");
        assertThat(runtime.revisions("hello")).doesNotContain("hello-00005");
        assertThat(runtime.adminText("/v1/functions/hello/logs?revision=hello-00002").body()).contains("hello-00002-");
    }
}
