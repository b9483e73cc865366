package dev.quiver.runtime.app;

import dev.quiver.api.Mode;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.invoke.Invoker;
import dev.quiver.runtime.invoke.TracedInvoker;
import dev.quiver.runtime.tracing.Tracing;
import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.jobs.ModeAwareInvoker;
import dev.quiver.runtime.local.LocalFunctionStore;
import dev.quiver.runtime.local.LocalPlatform;
import dev.quiver.runtime.local.jobs.LocalJobRunner;
import dev.quiver.runtime.platform.Leadership;
import dev.quiver.runtime.platform.JobRunner;
import dev.quiver.runtime.kubernetes.KubernetesJobRunner;
import dev.quiver.runtime.kubernetes.KubernetesRouteCatalog;
import dev.quiver.runtime.routing.RouteCatalog;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import dev.quiver.runtime.schedules.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Job mode and schedules on either platform. Event triggers get the function invoker as
 * {@code @Inject @Named("functions") Invoker}: Service-mode functions through the gateway, Job-mode ones as one
 * job per event (a child process locally, a Kubernetes Job in a cluster). The scheduler fires
 * {@code triggers.schedule[]} through it: locally every schedule, Job-mode ones included; on Kubernetes only the
 * leader fires, and Job-mode schedules are CronJobs made by the controller, so the runtime skips them.
 */
@Singleton
public class JobsRuntime {

    /** The name of the invoker bean event triggers use. */
    public static final String FUNCTIONS_INVOKER = "functions";

    private static final Logger LOG = Logger.getLogger(JobsRuntime.class);

    private ScheduledExecutorService ticks;

    /** Calls Service-mode functions through this runtime's own gateway over loopback. */
    @Produces
    @Singleton
    GatewayInvoker gatewayInvoker(Vertx vertx, @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        return new GatewayInvoker(vertx, "127.0.0.1", httpPort);
    }

    void closeGatewayInvoker(@Disposes GatewayInvoker invoker) {
        invoker.close();
    }

    /** Runs each job as a child process of the revision's app (local platform only). */
    @Produces
    @Singleton
    @Typed(LocalJobRunner.class)
    LocalJobRunner localJobRunner(LocalPlatform platform) {
        return new LocalJobRunner(platform);
    }

    void closeJobRunner(@Disposes LocalJobRunner runner) {
        runner.close();
    }

    /** One job per event, at most {@code scale.max} at once per function; keeps the recent results. */
    @Produces
    @Singleton
    JobInvoker jobInvoker(QuiverConfig config, RouteCatalog routes, Instance<LocalJobRunner> local,
            Instance<KubernetesJobRunner> kubernetes, MeterRegistry registry) {
        JobRunner runner = PlatformSelection.isLocal(config) ? local.get() : kubernetes.get();
        return new JobInvoker(routes, runner, Clock.systemUTC(), registry);
    }

    /** The invoker of event triggers and schedules: by each function's mode. */
    @Produces
    @Singleton
    @Named(FUNCTIONS_INVOKER)
    Invoker functionsInvoker(QuiverConfig config, GatewayInvoker gateway, JobInvoker jobs,
            Instance<LocalFunctionStore> local, Instance<KubernetesRouteCatalog> kubernetes, Tracing tracing) {
        // each event's call is a consumer span in its publisher's trace (when tracing is on)
        if (PlatformSelection.isLocal(config)) {
            LocalFunctionStore store = local.get();
            return new TracedInvoker(new ModeAwareInvoker(gateway, jobs,
                    (namespace, function) -> store.mode(function).orElse(Mode.Service)), tracing);
        }
        KubernetesRouteCatalog catalog = kubernetes.get();
        return new TracedInvoker(new ModeAwareInvoker(gateway, jobs, (namespace, function) -> catalog.function(namespace, function)
                .map(f -> f.getSpec().modeOrDefault()).orElse(Mode.Service)), tracing);
    }

    void start(@Observes StartupEvent event, QuiverConfig config, @Named(FUNCTIONS_INVOKER) Invoker invoker,
            Leadership leadership, Instance<LocalFunctionStore> local, Instance<KubernetesRouteCatalog> kubernetes) {
        Scheduler scheduler;
        if (PlatformSelection.isLocal(config)) {
            // One runtime is the only replica locally: it always leads, and it fires Job-mode schedules itself.
            // A function that serves no revision yet (still building) has nothing to run: its schedules wait.
            LocalFunctionStore store = local.get();
            scheduler = new Scheduler(() -> store.functions().stream()
                    .filter(function -> store.find(function.getMetadata().getName())
                            .map(routes -> !routes.revisions().isEmpty()).orElse(false))
                    .toList(), invoker, Clock.systemUTC(), leadership, false);
        } else {
            KubernetesRouteCatalog catalog = kubernetes.get();
            scheduler = new Scheduler(catalog::functions, invoker, Clock.systemUTC(), leadership, true);
        }
        ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quiver-schedules");
            thread.setDaemon(true);
            return thread;
        });
        ticks.scheduleAtFixedRate(() -> {
            try {
                scheduler.tick();
            } catch (RuntimeException e) {
                LOG.errorf(e, "the scheduler failed; it runs again in a second");
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticks != null) {
            ticks.shutdownNow();
        }
    }
}
