package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Progressive delivery on the local platform: the built runtime with four {@code spec.run} Python functions that set
 * {@code spec.rollout}, each given a second revision (a new env) while steady load runs through the gateway. The
 * functions answer with their revision and {@code $GREETING}, and with a 500 for every {@code $FAIL_EVERY}th request.
 * All four roll out side by side, so the whole class takes well under two minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutRuntimeIT {

    private static final Map<String, String> SETTINGS = Map.of("quiver.local.readiness-deadline", "30s");
    private static final List<String> FUNCTIONS = List.of("good", "bad", "smoke", "cmd", "hold");

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration ROLLOUT = Duration.ofSeconds(60);
    private static final String STEPS = """
              rollout:
                steps: [{weight: 20, pause: 1s}, {weight: 60, pause: 1s}]
                analysis: {interval: 1s, minRequests: 20, maxErrorRate: 1, maxLatencyRatio: 1000}
            """;
    private static final String SMOKE = STEPS + """
                smokeTest:
                  requests:
                    - path: /health
                      expect: {status: 418}
            """;
    private static final String HOLD = """
              rollout:
                steps: [{weight: 50, pause: 1h}]
                analysis: {interval: 1s, minRequests: 1}
            """;

    /** Answers every request with its revision and greeting; a 500 for every FAIL_EVERY-th one when it is set. */
    private static final String SERVER = """
            import http.server, os, threading

            FAIL_EVERY = int(os.environ.get("FAIL_EVERY") or "0")
            GREETING = os.environ.get("GREETING", "")
            lock = threading.Lock()
            served = [0]

            class Handler(http.server.BaseHTTPRequestHandler):
                def answer(self):
                    with lock:
                        served[0] += 1
                        n = served[0]
                    status = 500 if FAIL_EVERY and n % FAIL_EVERY == 0 else 200
                    body = (os.environ["QUIVER_REVISION"] + " " + GREETING).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def do_GET(self):
                    self.answer()

                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    self.answer()

                def log_message(self, *args):
                    pass

            http.server.ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
            """;

    private static LocalRuntimeProcess runtime;
    private static final List<Load> loads = new ArrayList<>();
    private static Load good;
    private static Load bad;

    @BeforeAll
    static void startRuntimeAndRollOutSecondRevisions() throws Exception {
        runtime = LocalRuntimeProcess.start(List.of(), SETTINGS);
        for (String name : FUNCTIONS) {
            Path folder = Files.createDirectories(runtime.functionsDir.resolve(name));
            Files.writeString(folder.resolve("server.py"), SERVER);
        }
        write("good", "one", 0, STEPS);
        write("bad", "one", 0, STEPS);
        write("smoke", "one", 0, SMOKE);
        write("cmd", "one", 0, HOLD);
        write("hold", "one", 0, HOLD);
        for (String name : FUNCTIONS) {
            awaitServedBy(name, name + "-00001 one");
        }
        good = load("good");
        bad = load("bad");
        write("good", "two", 0, STEPS);
        write("bad", "two", 20, STEPS);
        write("smoke", "two", 0, SMOKE);
        write("cmd", "two", 0, HOLD);
        write("hold", "two", 0, HOLD);
    }

    @AfterAll
    static void stopRuntime() throws Exception {
        loads.forEach(Load::stop);
        if (runtime != null) {
            // The decisions, as the runtime logged them, for whoever reads the test's output.
            runtime.log().lines().filter(line -> line.contains("rollout") || line.contains("smoke"))
                    .forEach(System.out::println);
            runtime.close();
        }
    }

    @Test
    void aGoodRevisionWalksEveryStepToAllTheTrafficWithoutOneFailedRequest() {
        JsonNode function = awaitPhase("good", "Succeeded");
        good.stop();

        JsonNode rollout = function.path("status").path("rollout");
        assertThat(rollout.path("revision").asText()).isEqualTo("good-00002");
        assertThat(rollout.path("stableRevision").asText()).isEqualTo("good-00001");
        assertThat(rollout.path("currentWeight").asInt()).isEqualTo(100);
        assertThat(rollout.path("decisions").findValuesAsText("verdict")).containsExactly("Passed", "Passed");
        assertThat(percentOf(function, "good-00002")).isEqualTo(100);
        assertThat(good.failures()).as("failed requests under load").isEmpty();
        assertThat(good.servedBy).containsKeys("good-00001", "good-00002");
        assertThat(runtime.log()).contains("good: rollout of good-00002: step 1 of 3 (20 %) passed: ");
        assertThat(runtime.invoke("/fn/good", Map.of(), "{}").body()).isEqualTo("good-00002 two");
    }

    @Test
    void aRevisionAnsweringFivePercent500sIsRolledBackToTheStableRevision() {
        JsonNode function = awaitPhase("bad", "RolledBack");
        bad.stop();

        JsonNode rollout = function.path("status").path("rollout");
        assertThat(rollout.path("currentWeight").asInt()).isZero();
        assertThat(rollout.path("decisions").findValuesAsText("verdict")).contains("Failed");
        assertThat(rollout.path("message").asText()).startsWith("rolled back: error rate");
        assertThat(percentOf(function, "bad-00001")).isEqualTo(100);
        assertThat(percentOf(function, "bad-00002")).isZero();
        assertThat(bad.servedBy).as("the new revision had its share before it failed").containsKey("bad-00002");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = runtime.invoke("/fn/bad", Map.of(), "{}");
            assertThat(response.body()).as("the stable revision keeps its own env").isEqualTo("bad-00001 one");
        }
    }

    @Test
    void aFailingSmokeTestKeepsTheNewRevisionAtZero() {
        JsonNode function = awaitPhase("smoke", "SmokeTestFailed");

        JsonNode rollout = function.path("status").path("rollout");
        assertThat(rollout.path("step").asInt()).isZero();
        assertThat(rollout.path("message").asText()).startsWith("smoke test failed: ").contains("418");
        assertThat(percentOf(function, "smoke-00001")).isEqualTo(100);
        assertThat(percentOf(function, "smoke-00002")).isZero();
        assertThat(runtime.invoke("/fn/smoke", Map.of(), "{}").body()).isEqualTo("smoke-00001 one");
    }

    @Test
    void promoteAndAbortThroughTheAdminApiActAtOnceAndAnEndedRolloutRefusesThem() throws Exception {
        awaitPhase("cmd", "Progressing");
        assertThat(runtime.postAdmin("/v1/functions/cmd/rollout", "{\"action\":\"jump\"}").statusCode()).isEqualTo(400);
        assertThat(runtime.postAdmin("/v1/functions/nobody/rollout", "{\"action\":\"promote\"}").statusCode())
                .isEqualTo(404);
        assertThat(withoutToken("/v1/functions/cmd/rollout").statusCode()).isEqualTo(401);

        HttpResponse<String> promoted = runtime.postAdmin("/v1/functions/cmd/rollout", "{\"action\":\"promote\"}");

        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        JsonNode function = RuntimeJson.json(promoted.body());
        assertThat(function.path("status").path("rollout").path("phase").asText()).isEqualTo("Succeeded");
        assertThat(function.path("status").path("rollout").path("decisions").findValuesAsText("verdict"))
                .containsExactly("Promoted");
        assertThat(percentOf(function, "cmd-00002")).isEqualTo(100);

        write("cmd", "three", 0, HOLD);
        awaitPhase("cmd", "Progressing", "cmd-00003");
        HttpResponse<String> aborted = runtime.postAdmin("/v1/functions/cmd/rollout", "{\"action\":\"abort\"}");

        assertThat(aborted.statusCode()).as(aborted.body()).isEqualTo(200);
        function = RuntimeJson.json(aborted.body());
        assertThat(function.path("status").path("rollout").path("phase").asText()).isEqualTo("RolledBack");
        assertThat(function.path("status").path("rollout").path("stableRevision").asText()).isEqualTo("cmd-00002");
        assertThat(percentOf(function, "cmd-00002")).isEqualTo(100);
        assertThat(runtime.invoke("/fn/cmd", Map.of(), "{}").body()).isEqualTo("cmd-00002 two");

        HttpResponse<String> again = runtime.postAdmin("/v1/functions/cmd/rollout", "{\"action\":\"abort\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(RuntimeJson.json(again.body()).path("error").asText()).isEqualTo("NoRolloutRunning");
    }

    @Test
    @Order(Integer.MAX_VALUE) // last (unordered tests come first): it restarts the runtime
    void aRestartedRuntimeContinuesTheRunningRolloutWhereItWas() throws Exception {
        JsonNode before = awaitPhase("hold", "Progressing").path("status").path("rollout");
        assertThat(percentOf(runtime.admin("/v1/functions/hold"), "hold-00002")).isEqualTo(50);

        runtime.restart(SETTINGS);
        awaitServedBy("hold", null);

        JsonNode function = runtime.admin("/v1/functions/hold");
        JsonNode after = function.path("status").path("rollout");
        assertThat(after.path("phase").asText()).isEqualTo("Progressing");
        assertThat(after.path("step").asInt()).isEqualTo(1);
        assertThat(after.path("stepStartedAt").asText()).as("the step goes on").isEqualTo(before.path("stepStartedAt").asText());
        assertThat(percentOf(function, "hold-00001")).isEqualTo(50);
        assertThat(percentOf(function, "hold-00002")).isEqualTo(50);
        HttpResponse<String> promoted = runtime.postAdmin("/v1/functions/hold/rollout", "{\"action\":\"promote\"}");
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        assertThat(percentOf(RuntimeJson.json(promoted.body()), "hold-00002")).isEqualTo(100);
    }

    private static void write(String name, String greeting, int failEvery, String rollout) throws IOException {
        Files.writeString(runtime.functionsDir.resolve(name).resolve("function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: %s
                spec:
                  run: "python3 server.py"
                  template:
                    scale: {min: 1, max: 1}
                    env:
                      - {name: GREETING, value: "%s"}
                      - {name: FAIL_EVERY, value: "%d"}
                %s""".formatted(name, greeting, failEvery, rollout));
    }

    private static void awaitServedBy(String function, String body) {
        runtime.await(function + " to answer '" + body + "'", READY, () -> runtime.invoke("/fn/" + function, Map.of(), "{}"),
                response -> response.statusCode() == 200 && (body == null || response.body().equals(body)));
    }

    private static JsonNode awaitPhase(String function, String phase) {
        return awaitPhase(function, phase, function + "-00002");
    }

    private static JsonNode awaitPhase(String function, String phase, String revision) {
        return runtime.await(function + "'s rollout of " + revision + " to be " + phase, ROLLOUT,
                () -> runtime.admin("/v1/functions/" + function),
                fn -> revision.equals(fn.path("status").path("rollout").path("revision").asText())
                        && phase.equals(fn.path("status").path("rollout").path("phase").asText()));
    }

    /** The percent of the function's traffic on the revision (0 when no target names it). */
    private static int percentOf(JsonNode function, String revision) {
        int percent = 0;
        for (JsonNode target : function.path("status").path("traffic")) {
            if (revision.equals(target.path("revisionName").asText()) && target.path("match").isMissingNode()) {
                percent += target.path("percent").asInt();
            }
        }
        return percent;
    }

    private static HttpResponse<String> withoutToken(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.adminPort
                + path)).POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"promote\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Load load(String function) {
        Load load = new Load(function);
        loads.add(load);
        load.thread.start();
        return load;
    }

    /** Steady load on one function through the gateway, one request after the other, tallied by revision. */
    private static final class Load {
        final Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
        final List<String> failed = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        Load(String function) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = runtime.invoke("/fn/" + function, Map.of(), "{}");
                        String revision = RuntimeJson.revisionOf(response);
                        servedBy.computeIfAbsent(revision, r -> new AtomicLong()).incrementAndGet();
                        if (response.statusCode() != 200) {
                            failed.add(response.statusCode() + " from " + revision + ": " + response.body());
                        }
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        failed.add(e.toString());
                    }
                }
            }, "load-" + function);
            thread.setDaemon(true);
        }

        List<String> failures() {
            return List.copyOf(failed);
        }

        void stop() {
            running.set(false);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
