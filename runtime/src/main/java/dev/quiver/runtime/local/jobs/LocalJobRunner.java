package dev.quiver.runtime.local.jobs;

import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.jobs.JobAnswers;
import dev.quiver.runtime.local.FreePorts;
import dev.quiver.runtime.local.LaunchSpec;
import dev.quiver.runtime.local.LocalPlatform;
import dev.quiver.runtime.local.LogTail;
import dev.quiver.runtime.local.ProbeCheck;
import dev.quiver.runtime.local.ProcessTree;
import dev.quiver.runtime.platform.JobRunner;
import dev.quiver.runtime.platform.RevisionRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The local platform's {@link JobRunner}: each job is a child process of the revision's app, started as its
 * replicas are (same command, environment and AOT cache) plus {@code QUIVER_MODE=Job}. Once the process passes
 * readiness, the event is POSTed to {@code /} as a CloudEvent in binary mode; the answer is the job's output and
 * the process then exits on its own. A job that outlives the timeout (start-up included) is killed. At most
 * {@link JobAnswers#MAX_BYTES} of the answer are read.
 */
public final class LocalJobRunner implements JobRunner, AutoCloseable {

    /** Used when an event carries no timeout: the template's default. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    /** How long a job may take to exit after it answered before it is killed. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(LocalJobRunner.class);
    private static final long PROBE_INTERVAL_MILLIS = 5;

    private final LocalPlatform platform;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService executor;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(1);

    /** A runner for the revisions registered with the platform. */
    public LocalJobRunner(LocalPlatform platform) {
        this.platform = platform;
        AtomicInteger threads = new AtomicInteger();
        // Each job blocks one thread while it runs; the callers' caps bound how many there are.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "quiver-job-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletionStage<InvocationResult> run(RevisionRef revision, Invocation event) {
        AtomicInteger count = running.computeIfAbsent(key(revision.namespace(), revision.function()), k -> new AtomicInteger());
        count.incrementAndGet();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return runBlocking(revision, event);
                } finally {
                    count.decrementAndGet();
                }
            }, executor);
        } catch (RuntimeException e) {
            count.decrementAndGet();
            return CompletableFuture.completedFuture(InvocationResult.failed("the job could not start: " + e.getMessage(),
                    Duration.ZERO));
        }
    }

    @Override
    public int running(String namespace, String function) {
        AtomicInteger count = running.get(key(namespace, function));
        return count == null ? 0 : count.get();
    }

    private InvocationResult runBlocking(RevisionRef revision, Invocation event) {
        long started = System.nanoTime();
        LaunchSpec spec = platform.launchSpec(revision).orElse(null);
        if (spec == null) {
            return InvocationResult.failed("revision " + revision + " is not known to the local platform", since(started));
        }
        Duration timeout = event.timeout() == null ? DEFAULT_TIMEOUT : event.timeout();
        long deadline = started + timeout.toNanos();
        int port = FreePorts.pick();
        Path log = spec.logDir().resolve(revision.revision() + "-job-" + nextId.getAndIncrement() + ".log");
        Process process;
        try {
            process = start(spec, port, log);
        } catch (IOException e) {
            return new InvocationResult(0, null, null, revision.revision(), "cannot start the job ("
                    + spec.command(platform.settings().java()) + "): " + e.getMessage(), since(started), null);
        }
        live.add(process);
        try {
            return attend(revision, event, process, ProbeCheck.of(spec.probes().readiness()), port, log, started,
                    deadline, timeout);
        } finally {
            live.remove(process);
        }
    }

    private Process start(LaunchSpec spec, int port, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(spec.command(platform.settings().java()))
                .directory(spec.app().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(spec.environment(port));
        builder.environment().put("QUIVER_MODE", "Job");
        return builder.start();
    }

    /** Waits for readiness, POSTs the event, waits for the exit; kills the process when the deadline passes. */
    private InvocationResult attend(RevisionRef revision, Invocation event, Process process, ProbeCheck readiness,
            int port, Path log, long started, long deadline, Duration timeout) {
        String name = revision.revision();
        while (!readiness.passes(port)) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                return new InvocationResult(0, null, null, name, "the job exited with code " + code
                        + " before it passed readiness (" + readiness.description() + "); last output:\n" + tail(log), since(started), code);
            }
            if (System.nanoTime() > deadline) {
                return killed(process, name, "the job did not pass readiness ("
                        + readiness.description() + ") within " + timeout.toSeconds() + "s", started);
            }
            if (Thread.currentThread().isInterrupted()) {
                return killed(process, name, "the runtime stopped before the job was ready", started);
            }
            sleep(PROBE_INTERVAL_MILLIS);
        }
        HttpResponse<JobAnswers.Body> response;
        try {
            response = http.send(request(event, port, deadline), JobAnswers.handler(JobAnswers.MAX_BYTES));
        } catch (IOException e) {
            boolean timedOut = System.nanoTime() > deadline;
            return killed(process, name, timedOut ? "the job did not answer within " + timeout.toSeconds() + "s"
                    : "the job did not answer: " + e.getMessage(), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return killed(process, name, "interrupted while the job ran", started);
        }
        JobAnswers.Body answer = response.body();
        // a job cut off mid-answer gets only the grace period to exit, not the rest of its timeout
        Integer exitCode = awaitExit(process, answer.exceeded() ? System.nanoTime() : deadline);
        int status = response.statusCode();
        if (answer.exceeded()) {
            return JobAnswers.tooLarge(status, name, since(started), exitCode == null ? 137 : exitCode);
        }
        String contentType = response.headers().firstValue("content-type").orElse(null);
        String error = null;
        if (status < 200 || status >= 300) {
            error = "the job answered " + status + ": " + abbreviate(new String(answer.bytes(), StandardCharsets.UTF_8));
        } else if (exitCode == null) {
            // its last output is all there is to tell a hung shutdown from a busy one
            error = "the job answered but did not exit; it was killed; last output:\n" + tail(log);
        } else if (exitCode != 0) {
            error = "the job answered but exited with code " + exitCode;
        }
        return new InvocationResult(status, contentType, answer.bytes(), name, error, since(started),
                exitCode == null ? 137 : exitCode);
    }

    private static HttpRequest request(Invocation event, int port, long deadline) {
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(left)
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.data()));
        GatewayInvoker.ceHeaders(event).forEach(request::header);
        event.headers().forEach(request::header);
        return request.build();
    }

    /** The exit code once the process ends, or null when it had to be killed. */
    private static Integer awaitExit(Process process, long deadline) {
        long wait = Math.max(EXIT_GRACE.toNanos(), deadline - System.nanoTime());
        try {
            if (process.waitFor(wait, TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(process);
        return null;
    }

    private static InvocationResult killed(Process process, String revision, String why, long started) {
        kill(process);
        LOG.warnf("job of %s: %s; killed", revision, why);
        return new InvocationResult(0, null, null, revision, why + "; it was killed", since(started),
                process.isAlive() ? null : process.exitValue());
    }

    private static void kill(Process process) {
        // A run: function's job is a shell and its children: all of it goes.
        ProcessTree.kill(ProcessTree.of(process));
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        return LogTail.of(log, 15);
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String key(String namespace, String function) {
        return namespace + "/" + function;
    }

    /** Kills every job still running: the runtime stops. */
    @Override
    public void close() {
        executor.shutdownNow();
        live.forEach(LocalJobRunner::kill);
    }
}
