package dev.quiver.runtime.local.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ScaleSpec;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.jobs.JobAnswers;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.jobs.JobRecord;
import dev.quiver.runtime.local.JavaHome;
import dev.quiver.runtime.local.LaunchSpec;
import dev.quiver.runtime.local.LocalPlatform;
import dev.quiver.runtime.local.LocalSettings;
import dev.quiver.runtime.local.TinyFunctionJar;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import dev.quiver.runtime.routing.RouteCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job mode on the local platform with real child processes: one process per event, a cap per function. */
class LocalJobRunnerIT {

    private static final RevisionRef REVISION = new RevisionRef("default", "counter", "counter-00001");

    @TempDir
    Path work;
    private Path record;
    private LocalPlatform platform;
    private LocalJobRunner runner;

    @BeforeEach
    void start() throws Exception {
        JavaHome ownJdk = new JavaHome(Path.of(System.getProperty("java.home")), Runtime.version().feature());
        platform = new LocalPlatform(LocalSettings.defaults(work, work.resolve(".quiver"), ownJdk, "http://localhost:0"));
        record = work.resolve("record.txt");
        Path app = TinyFunctionJar.write(work.resolve("app"), TinyJob.class);
        platform.register(new LaunchSpec(REVISION, app, Map.of("JOB_RECORD", record.toString(), "JOB_MILLIS", "400"),
                List.of(), Optional.empty(), work.resolve("logs")));
        runner = new LocalJobRunner(platform);
    }

    @AfterEach
    void stop() {
        runner.close();
        platform.close();
    }

    @Test
    void eachEventRunsInItsOwnProcessStartedInJobModeThatAnswersAndExitsZero() throws Exception {
        InvocationResult first = runner.run(REVISION, event("one", "{\"n\":1}", null)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        InvocationResult second = runner.run(REVISION, event("two", "{\"n\":2}", null)).toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertThat(first.succeeded()).as(first.error()).isTrue();
        assertThat(first.exitCode()).isZero();
        assertThat(first.revision()).isEqualTo("counter-00001");
        assertThat(body(first)).contains("type=dev.quiver.test").contains("data={\"n\":1}");
        assertThat(body(second)).contains("data={\"n\":2}");
        assertThat(pid(first)).isNotEqualTo(pid(second));
        assertThat(runner.running("default", "counter")).isZero();
    }

    @Test
    void aJobThatAnswersAnErrorFailsWithItsExitCodeAndAnswer() throws Exception {
        InvocationResult result = runner.run(REVISION, event("bad", "{\"fail\":true}", null)).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.retryable()).isTrue();
        assertThat(result.error()).contains("the job answered 500");
    }

    @Test
    void aJobWhoseAnswerIsTooLargeIsCutOffAndFailsAsResultTooLarge() throws Exception {
        InvocationResult result = runner.run(REVISION, event("flood", "{\"flood\":true}", null)).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.status()).isEqualTo(502);
        assertThat(result.error()).startsWith(JobAnswers.RESULT_TOO_LARGE);
        assertThat(body(result)).contains("\"error\":\"ResultTooLarge\"");
        assertThat(result.exitCode()).as("the job saw its answer cut off").isEqualTo(1);
    }

    @Test
    void aJobThatOutlivesItsTimeoutIsKilled() throws Exception {
        // 8 s, not less: on a loaded machine the job's start alone can take seconds, and the test is about the answer
        InvocationResult result = runner.run(REVISION, event("slow", "{\"hang\":true}", Duration.ofSeconds(8)))
                .toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.status()).isZero();
        assertThat(result.error()).contains("did not answer within 8s").contains("killed");
        assertTheJobsProcessIsGone();
    }

    @Test
    void aJobThatAnswersButNeverExitsIsKilledAndItsLastOutputTellsWhy() throws Exception {
        InvocationResult result = runner.run(REVISION, event("linger", "{\"linger\":true}", Duration.ofSeconds(8)))
                .toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("answered but did not exit").contains("killed")
                .contains("answered; lingering instead of exiting");
        assertTheJobsProcessIsGone();
    }

    @Test
    void withACapOfTwoSixEventsRunAsSixJobsNeverMoreThanTwoAtOnce() throws Exception {
        ScaleSpec scale = new ScaleSpec();
        scale.max = 2;
        FunctionRoutes routes = new FunctionRoutes("default", "counter",
                RoutingTable.of(List.of(TrafficTarget.revision(REVISION.revision(), 100))),
                Map.of(REVISION.revision(), new RevisionSettings(REVISION, 0, Duration.ofSeconds(60), scale)), Set.of());
        JobInvoker jobs = new JobInvoker(catalogOf(routes),
                runner, Clock.systemUTC());

        List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(jobs.invoke(event("e" + i, "{\"i\":" + i + "}", null)).toCompletableFuture());
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        assertThat(results).allSatisfy(r -> assertThat(r.get().succeeded()).as(r.get().error()).isTrue());
        assertThat(results.stream().map(r -> pid(r.join())).collect(Collectors.toSet())).hasSize(6);
        assertThat(maxOverlap(lines())).as("jobs working at once").isBetween(1, 2);
        JobInvoker.Report report = jobs.report("default", "counter");
        assertThat(report.cap()).isEqualTo(2);
        assertThat(report.running()).isZero();
        assertThat(report.results()).hasSize(6).extracting(JobRecord::exitCode).containsOnly(0);
        assertThat(report.results()).extracting(JobRecord::id).containsExactlyInAnyOrder("e0", "e1", "e2", "e3", "e4", "e5");
    }

    @Test
    void anEventForAFunctionWithoutRoutesYetFailsRetryablyWithoutStartingAJob() throws Exception {
        JobInvoker jobs = new JobInvoker(catalogOf(null), runner, Clock.systemUTC());

        InvocationResult result = jobs.invoke(event("lost", "{}", null)).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isZero();
        assertThat(result.retryable()).isTrue();
        assertThat(Files.exists(record)).isFalse();
        assertThat(jobs.report("default", "counter").results()).extracting(JobRecord::error)
                .containsExactly("counter serves no revision yet; the job cannot start");
    }

    /** The most jobs between their start and end lines at any point of the record. */
    private static int maxOverlap(List<String> lines) {
        int current = 0;
        int max = 0;
        for (String line : lines) {
            current += line.startsWith("start ") ? 1 : -1;
            max = Math.max(max, current);
        }
        return max;
    }

    /** The first job's process (its pid from the record) has ended: killed, not left behind. */
    private void assertTheJobsProcessIsGone() throws Exception {
        long pid = Long.parseLong(lines().get(0).substring("start ".length()));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the job's process is gone").isFalse();
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(record);
    }

    private static Invocation event(String id, String data, Duration timeout) {
        return new Invocation("default", "counter", id, "test", "dev.quiver.test", null, null, "application/json",
                data.getBytes(StandardCharsets.UTF_8), Map.of(), timeout);
    }

    private static String body(InvocationResult result) {
        return new String(result.body(), StandardCharsets.UTF_8);
    }

    private static String pid(InvocationResult result) {
        String body = body(result);
        return body.substring(0, body.indexOf(' '));
    }

    /** A catalog of the default namespace holding these routes only (none for null). */
    private static RouteCatalog catalogOf(FunctionRoutes routes) {
        return new RouteCatalog() {
            @Override
            public Optional<FunctionRoutes> find(String namespace, String name) {
                return routes != null && routes.namespace().equals(namespace) && routes.function().equals(name)
                        ? Optional.of(routes) : Optional.empty();
            }

            @Override
            public String defaultNamespace() {
                return "default";
            }
        };
    }
}
