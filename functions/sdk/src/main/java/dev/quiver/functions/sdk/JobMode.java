package dev.quiver.functions.sdk;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Job mode ({@code QUIVER_MODE=Job}): the process handles exactly one invocation and then exits, 0 after a 2xx
 * answer and 1 otherwise, so the exit code of the job tells whether the event was handled. The runtime's job
 * runner POSTs the event once the process is ready; a Kubernetes CronJob has no runner, so with
 * {@code QUIVER_EVENT} set (the event's JSON data) the process invokes itself once it is ready.
 */
@ApplicationScoped
public class JobMode {

    /** The value of {@code QUIVER_MODE} that turns Job mode on. */
    public static final String JOB = "Job";
    /** The CloudEvent type of a self-invocation: it comes from a schedule. */
    public static final String SCHEDULE_EVENT_TYPE = "dev.quiver.schedule";

    private static final Logger LOG = Logger.getLogger(JobMode.class);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

    private final boolean jobMode;
    private final Optional<String> event;
    private final Optional<String> eventSource;
    private final FunctionIdentity identity;
    private final int port;
    private final AtomicBoolean handled = new AtomicBoolean();

    JobMode(@ConfigProperty(name = "quiver.mode") Optional<String> mode,
            @ConfigProperty(name = "quiver.event") Optional<String> event,
            @ConfigProperty(name = "quiver.event-source") Optional<String> eventSource,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            FunctionIdentity identity) {
        this.jobMode = mode.map(JOB::equalsIgnoreCase).orElse(false);
        this.event = event;
        this.eventSource = eventSource;
        this.port = port;
        this.identity = identity;
    }

    /** Whether this process runs one invocation and exits. */
    public boolean isJobMode() {
        return jobMode;
    }

    /** The exit code of a job whose invocation was answered with this status. */
    public static int exitCode(int status) {
        return status >= 200 && status < 300 ? 0 : 1;
    }

    void register(@Observes Router router) {
        if (!jobMode) {
            return;
        }
        // Every path but the health checks is an invocation; the first one that ends decides the exit code.
        router.route().order(SdkRoutes.ORDER - 1).handler(this::watch);
    }

    private void watch(RoutingContext ctx) {
        if (!ctx.normalizedPath().startsWith("/health/")) {
            // The end handler runs once the answer has gone out, so the caller always gets it before the exit.
            ctx.addEndHandler(done -> finish(ctx.response().getStatusCode()));
        }
        ctx.next();
    }

    private void finish(int status) {
        if (handled.compareAndSet(false, true)) {
            int code = exitCode(status);
            LOG.infof("job answered %d; exiting with %d", status, code);
            Quarkus.asyncExit(code);
        }
    }

    void onStart(@Observes StartupEvent startup) {
        if (jobMode && event.isPresent()) {
            Thread thread = new Thread(this::invokeSelf, "quiver-job-self-invoke");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Waits until this process is ready, then POSTs {@code QUIVER_EVENT} to itself as a CloudEvent. */
    private void invokeSelf() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitReady(http, base);
            String data = event.get().isBlank() ? "{}" : event.get();
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/"))
                    .header("ce-specversion", "1.0")
                    .header("ce-id", UUID.randomUUID().toString())
                    .header("ce-source", eventSource.orElse("quiver/schedule/"
                            + (identity.function() == null ? "local" : identity.function())))
                    .header("ce-type", SCHEDULE_EVENT_TYPE)
                    .header("ce-time", Instant.now().toString())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(data)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            LOG.infof("scheduled invocation answered %d: %s", response.statusCode(), response.body());
        } catch (Exception e) {
            LOG.errorf("the scheduled invocation failed: %s", e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            finish(500);
        }
    }

    private static void awaitReady(HttpClient http, URI base) throws Exception {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the HTTP server opens its port a moment after start-up
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("not ready within " + READY_DEADLINE.toSeconds() + "s");
    }
}
