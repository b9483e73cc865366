package dev.quiver.runtime.jobs;

import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.invoke.Invoker;
import dev.quiver.runtime.platform.JobRunner;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import dev.quiver.runtime.routing.RouteCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Invokes Job-mode functions: one job per event. The revision is chosen by the function's routing table exactly
 * as the gateway chooses it (header rules, then the weighted split); at most {@code scale.max} jobs of a function
 * run at once and the rest wait their turn; every result goes to the function's {@link RecentJobs log}.
 */
public final class JobInvoker implements Invoker {

    private final RouteCatalog routes;
    private final JobRunner runner;
    private final CappedJobs capped = new CappedJobs();
    private final RecentJobs recent = new RecentJobs();
    private final Clock clock;
    private final MeterRegistry registry;

    /** An invoker that looks up routes in the catalog and runs jobs with the runner. */
    public JobInvoker(RouteCatalog routes, JobRunner runner, Clock clock) {
        this(routes, runner, clock, new SimpleMeterRegistry());
    }

    /** An invoker that also counts its job runs (started, succeeded, failed, timed out) in the registry. */
    public JobInvoker(RouteCatalog routes, JobRunner runner, Clock clock, MeterRegistry registry) {
        this.registry = registry;
        this.routes = routes;
        this.runner = runner;
        this.clock = clock;
    }

    /**
     * What the admin API shows of a function's jobs.
     *
     * @param function the function's name
     * @param running  jobs running now
     * @param waiting  jobs waiting for a slot
     * @param cap      the most jobs at once ({@code scale.max}), or null while the function has no routes
     * @param results  the last results, newest first
     */
    public record Report(String function, int running, int waiting, Integer cap, List<JobRecord> results) {
    }

    @Override
    public CompletionStage<InvocationResult> invoke(Invocation invocation) {
        String key = key(invocation.namespace(), invocation.function());
        Optional<FunctionRoutes> found = routes.find(invocation.namespace(), invocation.function());
        if (found.isEmpty()) {
            // Only Job-mode functions come here, so it exists: its first revision is not ready yet. Try again later.
            return record(key, invocation, null, InvocationResult.failed(invocation.function()
                    + " serves no revision yet; the job cannot start", Duration.ZERO));
        }
        FunctionRoutes function = found.get();
        Optional<String> revision = function.table().choose(new HeaderView(invocation.headers()),
                ThreadLocalRandom.current().nextDouble());
        RevisionSettings settings = revision.map(function.revisions()::get).orElse(null);
        if (settings == null) {
            return record(key, invocation, null, InvocationResult.failed(invocation.function()
                    + " has no ready revision to run the job", Duration.ZERO));
        }
        Invocation bounded = withTimeout(invocation, settings.timeout());
        RevisionRef ref = settings.ref();
        return capped.submit(key, settings.scale().maxOrDefault(), () -> {
            count(ref, "started");
            return runner.run(ref, bounded);
        }).thenCompose(result -> {
            count(ref, outcome(result, bounded.timeout()));
            return record(key, invocation, ref.revision(), result);
        });
    }

    /** The function's jobs: running, waiting, cap and recent results. */
    public Report report(String namespace, String function) {
        String key = key(namespace, function);
        Integer cap = routes.find(namespace, function).flatMap(r -> r.revisions().values().stream().findFirst())
                .map(settings -> settings.scale().maxOrDefault()).orElse(null);
        return new Report(function, capped.running(key), capped.waiting(key), cap, recent.of(key));
    }

    private CompletionStage<InvocationResult> record(String key, Invocation invocation, String revision,
            InvocationResult result) {
        String output = new String(result.body(), StandardCharsets.UTF_8);
        if (output.length() > JobRecord.MAX_OUTPUT_CHARS) {
            output = output.substring(0, JobRecord.MAX_OUTPUT_CHARS) + "…";
        }
        recent.add(key, new JobRecord(invocation.id(), result.revision() != null ? result.revision() : revision,
                result.status(), result.exitCode(), result.duration() == null ? 0 : result.duration().toMillis(),
                output, result.error(), clock.instant()));
        return CompletableFuture.completedFuture(result);
    }

    /** A run's outcome: succeeded, timed out (it failed having used its whole timeout), else failed. */
    static String outcome(InvocationResult result, Duration timeout) {
        if (result.succeeded()) {
            return "succeeded";
        }
        boolean outlived = timeout != null && result.duration() != null && result.duration().compareTo(timeout) >= 0;
        return outlived ? "timed_out" : "failed";
    }

    private void count(RevisionRef ref, String outcome) {
        Counter.builder("quiver.job.runs").description("Job runs by revision: started, succeeded, failed, timed_out.")
                .tags("namespace", ref.namespace(), "function", ref.function(), "revision", ref.revision(),
                        "outcome", outcome)
                .register(registry).increment();
    }

    /** The invocation's own timeout when it is shorter than the revision's, else the revision's. */
    private static Invocation withTimeout(Invocation invocation, Duration revisionTimeout) {
        Duration timeout = invocation.timeout() == null || invocation.timeout().compareTo(revisionTimeout) > 0
                ? revisionTimeout : invocation.timeout();
        return new Invocation(invocation.namespace(), invocation.function(), invocation.id(), invocation.source(),
                invocation.type(), invocation.subject(), invocation.time(), invocation.contentType(), invocation.data(),
                invocation.headers(), timeout);
    }

    private static String key(String namespace, String function) {
        return namespace + "/" + function;
    }

    /** The event's headers as the routing table reads a request (names without case; no cookies). */
    private record HeaderView(Map<String, String> headers) implements RoutingTable.Request {
        @Override
        public String header(String name) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
            return null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }
    }
}
