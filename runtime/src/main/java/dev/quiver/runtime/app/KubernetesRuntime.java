package dev.quiver.runtime.app;

import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.kubernetes.ClusterLoad;
import dev.quiver.runtime.kubernetes.KubernetesAutoscaling;
import dev.quiver.runtime.kubernetes.KubernetesPlatform;
import dev.quiver.runtime.kubernetes.KubernetesRouteCatalog;
import dev.quiver.runtime.kubernetes.KubernetesSettings;
import dev.quiver.runtime.kubernetes.LeaseLeadership;
import dev.quiver.runtime.kubernetes.RolloutReports;
import dev.quiver.runtime.kubernetes.TriggerReports;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the Kubernetes platform for the life of the runtime: every second each replica publishes its load and takes
 * its share of containerConcurrency among the live replicas, and the leader reads everyone's load, runs the
 * autoscaler, reports the triggers' states and the rollouts' counts and smoke tests. Does nothing unless {@code quiver.platform} is {@code kubernetes}.
 */
@Singleton
public class KubernetesRuntime {

    private static final Logger LOG = Logger.getLogger(KubernetesRuntime.class);

    private final QuiverConfig config;
    private final Instance<KubernetesSettings> settings;
    private final Instance<KubernetesRouteCatalog> catalog;
    private final EventRuntime events;
    private final Instance<KubernetesPlatform> platform;
    private final Instance<LeaseLeadership> leadership;
    private final Instance<ClusterLoad> load;
    private final Instance<TriggerReports> triggerReports;
    private final Instance<RolloutReports> rolloutReports;
    private final Instance<Gateway> gateway;
    private ScheduledExecutorService loop;
    private final MeterRegistry registry;

    KubernetesRuntime(QuiverConfig config, Instance<KubernetesSettings> settings, Instance<KubernetesRouteCatalog> catalog,
            Instance<KubernetesPlatform> platform, Instance<LeaseLeadership> leadership, Instance<ClusterLoad> load,
            Instance<Gateway> gateway, EventRuntime events, Instance<TriggerReports> triggerReports,
            Instance<RolloutReports> rolloutReports, MeterRegistry registry) {
        this.registry = registry;
        this.rolloutReports = rolloutReports;
        this.gateway = gateway;
        this.config = config;
        this.triggerReports = triggerReports;
        this.events = events;
        this.settings = settings;
        this.catalog = catalog;
        this.platform = platform;
        this.leadership = leadership;
        this.load = load;
    }

    void start(@Observes StartupEvent event) {
        if (PlatformSelection.isLocal(config)) {
            return;
        }
        KubernetesSettings current = settings.get();
        LeaseLeadership lease = leadership.get();
        ClusterLoad clusterLoad = load.get();
        RolloutReports rollouts = rolloutReports.get();
        KubernetesAutoscaling autoscaling = new KubernetesAutoscaling(catalog.get(), platform.get(), clusterLoad, events, lease,
                Clock.systemUTC(), config.autoscaler().stableWindow());
        autoscaling.observe(new AutoscalerMeters(registry));
        LOG.infof("Quiver on Kubernetes: serving Functions in %s as %s (leader Lease %s/%s)",
                current.namespaces().isEmpty() ? "every namespace" : current.namespaces(), current.identity(),
                current.runtimeNamespace(), current.leaseName());
        loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quiver-k8s-loop");
            thread.setDaemon(true);
            return thread;
        });
        loop.scheduleWithFixedDelay(() -> {
            try {
                clusterLoad.publish();
                // every replica keeps only its share of each revision's containerConcurrency
                List<String> live = clusterLoad.liveReplicas();
                gateway.get().gatewayReplicas(live.size(), live.indexOf(clusterLoad.identity()));
                if (lease.isLeader()) {
                    clusterLoad.refresh();
                }
                autoscaling.tick();
            } catch (RuntimeException e) {
                LOG.errorf(e, "the autoscaler loop failed; it runs again in a second");
            }
            try {
                // after the refresh: the leader reports every replica's counts as of now
                rollouts.tick();
            } catch (RuntimeException e) {
                LOG.errorf(e, "reporting the rollouts failed; it is tried again in a second");
            }
        }, 1, current.loadReportPeriod().toMillis(), TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(() -> {
            try {
                catalog.get().refreshApiKeys();
            } catch (RuntimeException e) {
                LOG.errorf(e, "reading API keys failed; it is tried again in 30 seconds");
            }
        }, 30, 30, TimeUnit.SECONDS);
        // a key whose read failed is read again sooner, with a backoff the catalog keeps
        loop.scheduleWithFixedDelay(() -> {
            try {
                catalog.get().retryApiKeys();
            } catch (RuntimeException e) {
                LOG.errorf(e, "reading API keys again failed; it is tried again in a second");
            }
        }, 1, 1, TimeUnit.SECONDS);
        // Every replica binds the triggers: queue groups and shared durable consumers hand each message to one.
        // The leader alone reports their states (TriggerReports checks), so each Function has one reporter.
        TriggerReports reports = triggerReports.get();
        loop.scheduleWithFixedDelay(() -> {
            try {
                events.sync(catalog.get().functions(), false);
            } catch (RuntimeException e) {
                LOG.errorf(e, "binding the event triggers failed; it is tried again in a second");
            }
            try {
                reports.tick();
            } catch (RuntimeException e) {
                LOG.errorf(e, "reporting the triggers' states failed; it is tried again in a second");
            }
        }, 1, 1, TimeUnit.SECONDS);
        RuntimeHealth.platformStarted = true;
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.shutdownNow();
        }
        events.stop();
    }
}
