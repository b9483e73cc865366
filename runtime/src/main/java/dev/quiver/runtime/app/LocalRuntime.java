package dev.quiver.runtime.app;

import dev.quiver.runtime.jobs.JobInvoker;
import dev.quiver.runtime.local.AdminServer;
import dev.quiver.runtime.local.AdminToken;
import dev.quiver.runtime.local.LocalAutoscaling;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.local.LocalFunctionStore;
import dev.quiver.runtime.local.LocalRollouts;
import dev.quiver.runtime.local.LocalPlatform;
import dev.quiver.runtime.local.LocalSettings;
import dev.quiver.runtime.local.LoopbackNames;
import dev.quiver.runtime.rollout.SmokeTestRunner;
import dev.quiver.runtime.routing.LoadSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the local platform for the life of the runtime: the admin API, the first scan and build of the functions
 * folder, watching it for changes, the autoscaler loop and the event triggers; on shutdown, every replica is
 * drained. Does nothing unless {@code quiver.platform} is {@code local}: its beans are looked up only then.
 */
@Singleton
public class LocalRuntime {

    private static final Logger LOG = Logger.getLogger(LocalRuntime.class);

    private final Instance<LocalFunctionStore> stores;
    private final Instance<LocalPlatform> platforms;
    private final Instance<LocalSettings> allSettings;
    private final QuiverConfig config;
    private LocalFunctionStore store;
    private LocalPlatform platform;
    private LocalSettings settings;
    private final Instance<LoadSource> loads;
    private final Vertx vertx;
    private final EventRuntime events;
    private final JobInvoker jobs;
    private ScheduledExecutorService loops;
    private AdminServer admin;
    private final Instance<Gateway> gateways;
    private final int httpPort;
    private LocalRollouts rollouts;
    private SmokeTestRunner smokeTests;

    private final MeterRegistry registry;

    LocalRuntime(Instance<LocalFunctionStore> store, Instance<LocalPlatform> platform, Instance<LocalSettings> settings,
            QuiverConfig config, Instance<LoadSource> loads, Vertx vertx, EventRuntime events,
            JobInvoker jobs, Instance<Gateway> gateways,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort, MeterRegistry registry) {
        this.registry = registry;
        this.gateways = gateways;
        this.httpPort = httpPort;
        this.events = events;
        this.jobs = jobs;
        this.stores = store;
        this.platforms = platform;
        this.allSettings = settings;
        this.config = config;
        this.loads = loads;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!PlatformSelection.isLocal(config)) {
            return;
        }
        store = stores.get();
        platform = platforms.get();
        settings = allSettings.get();
        // Before the first scan: a new revision of a function with spec.rollout never takes its traffic unjudged.
        smokeTests = new SmokeTestRunner(vertx, "127.0.0.1", httpPort, Duration.ofSeconds(30));
        rollouts = LocalRollouts.start(store, gateways.get().rolloutCounters(), smokeTests::run, Clock.systemUTC());
        admin = AdminServer.start(vertx, store, config.admin().port(), AdminToken.inWorkDir(settings.workDir()),
                events, jobs, rollouts);
        LOG.infof("Quiver local platform: functions in %s, function JVM %s (Java %d%s), admin API on http://127.0.0.1:%d",
                settings.functionsDir(), settings.java().home(), settings.java().feature(),
                settings.java().supportsAotCache() ? ", AOT cache" : "", admin.port());
        warnWhenExposed(ConfigProvider.getConfig()
                .getOptionalValue(LoopbackGatewayDefault.HOST, String.class).orElse("0.0.0.0"));
        LoadSource load = loads.isResolvable() ? loads.get() : revision -> 0;
        if (!loads.isResolvable()) {
            LOG.warn("no gateway load source: the autoscaler sees no load and only scales idle revisions down");
        }
        LocalAutoscaling autoscaling = new LocalAutoscaling(store, platform, load, events, Clock.systemUTC(),
                config.autoscaler().stableWindow());
        autoscaling.observe(new AutoscalerMeters(registry));
        loops = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "quiver-local-loop");
            thread.setDaemon(true);
            return thread;
        });
        // Builds can take minutes: the scan runs beside the HTTP server rather than before it.
        if (config.local().watch()) {
            loops.scheduleWithFixedDelay(guarded("scan", store::scan), 0, 1, TimeUnit.SECONDS);
        } else {
            loops.execute(guarded("scan", store::scan));
        }
        loops.scheduleWithFixedDelay(guarded("autoscaler", autoscaling::tick), 1, 1, TimeUnit.SECONDS);
        loops.scheduleWithFixedDelay(guarded("triggers", () -> events.sync(store.functions(), settings.natsUrl().isPresent())), 1, 1, TimeUnit.SECONDS);
        RuntimeHealth.platformStarted = true;
    }

    /** The gateway binds loopback unless someone chose otherwise (see {@link LoopbackGatewayDefault}): say so loudly. */
    private static void warnWhenExposed(String host) {
        if (!LoopbackNames.isLoopbackHost(host)) {
            LOG.warnf("the gateway listens on %s (quarkus.http.host), beyond this machine: anyone who can reach it can "
                    + "call your functions; use 127.0.0.1 to keep it local", host);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (loops != null) {
            loops.shutdownNow();
        }
        if (admin != null) {
            admin.close();
        }
        if (rollouts != null) {
            rollouts.close();
            smokeTests.close();
        }
        events.stop();
        if (platform != null) {
            LOG.info("Stopping every function replica");
            platform.close();
        }
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "the %s loop failed; it runs again in a second", what);
            }
        };
    }
}
