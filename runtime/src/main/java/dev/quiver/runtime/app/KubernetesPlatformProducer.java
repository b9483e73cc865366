package dev.quiver.runtime.app;

import dev.quiver.runtime.kubernetes.ClusterLoad;
import dev.quiver.runtime.kubernetes.KubernetesJobRunner;
import dev.quiver.runtime.kubernetes.KubernetesPlatform;
import dev.quiver.runtime.kubernetes.KubernetesRouteCatalog;
import dev.quiver.runtime.kubernetes.KubernetesSettings;
import dev.quiver.runtime.kubernetes.LeaseLeadership;
import dev.quiver.runtime.kubernetes.RolloutReports;
import dev.quiver.runtime.kubernetes.model.RolloutCountsReport;
import dev.quiver.runtime.kubernetes.TriggerReports;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.rollout.SmokeTestRunner;
import dev.quiver.runtime.routing.RevisionSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Kubernetes platform's beans, each started when it is made (informers filled before the first request).
 * Typed by their own classes: {@link PlatformSelection} offers them when {@code quiver.platform} is
 * {@code kubernetes}, and nothing creates them otherwise.
 */
public class KubernetesPlatformProducer {

    /** How long one smoke test request may take: long enough for a slow first answer of a new revision. */
    private static final Duration SMOKE_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The settings, from {@code quiver.kubernetes.*}. */
    @Produces
    @Singleton
    KubernetesSettings settings(QuiverConfig config, KubernetesClient client) {
        QuiverConfig.Kubernetes k8s = config.kubernetes();
        List<String> namespaces = k8s.namespaces().orElse(List.of()).stream().map(String::trim)
                .filter(ns -> !ns.isEmpty()).toList();
        String runtimeNamespace = k8s.runtimeNamespace()
                .or(() -> Optional.ofNullable(client.getNamespace())).orElse("default");
        String identity = k8s.identity().or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
                .orElse("runtime-" + UUID.randomUUID());
        return new KubernetesSettings(namespaces, runtimeNamespace, identity, k8s.leaseName(), k8s.leaseDuration(),
                k8s.renewDeadline(), k8s.retryPeriod(), Duration.ofSeconds(1), k8s.loadReportMaxAge());
    }

    /** Routes from informers on Functions and FunctionRevisions. */
    @Produces
    @Singleton
    @Typed(KubernetesRouteCatalog.class)
    KubernetesRouteCatalog catalog(KubernetesClient client, KubernetesSettings settings, QuiverConfig config) {
        return new KubernetesRouteCatalog(client, settings.namespaces(), defaultNamespace(config, settings)).start();
    }

    /**
     * The namespace of {@code /fn/<name>}: {@code quiver.kubernetes.default-namespace}, else the env variable
     * {@code QUIVER_DEFAULT_NAMESPACE}, else the first watched namespace, else {@code default}.
     */
    static String defaultNamespace(QuiverConfig config, KubernetesSettings settings) {
        return config.kubernetes().defaultNamespace().map(String::trim).filter(ns -> !ns.isEmpty())
                .or(() -> Optional.ofNullable(System.getenv("QUIVER_DEFAULT_NAMESPACE")).map(String::trim)
                        .filter(ns -> !ns.isEmpty()))
                .orElse(settings.namespaces().isEmpty() ? "default" : settings.namespaces().get(0));
    }

    /** Endpoints from EndpointSlices; scale through the revisions' scale subresource. */
    @Produces
    @Singleton
    @Typed(KubernetesPlatform.class)
    KubernetesPlatform platform(KubernetesClient client, KubernetesRouteCatalog catalog, KubernetesSettings settings) {
        return new KubernetesPlatform(client, catalog, settings.namespaces()).start();
    }

    /** One Job per event for Job-mode revisions. */
    @Produces
    @Singleton
    @Typed(KubernetesJobRunner.class)
    KubernetesJobRunner jobs(KubernetesClient client, KubernetesRouteCatalog catalog, KubernetesSettings settings) {
        return new KubernetesJobRunner(client, catalog, settings.namespaces(), settings.runtimeNamespace(),
                settings.identity()).start();
    }

    /** The Lease that makes one replica the leader. */
    @Produces
    @Singleton
    @Typed(LeaseLeadership.class)
    LeaseLeadership leadership(KubernetesClient client, KubernetesSettings settings) {
        return new LeaseLeadership(client, settings).start();
    }

    /** Every replica's in-flight counts, and its rollout counts of the Functions with {@code spec.rollout}. */
    @Produces
    @Singleton
    @Typed(ClusterLoad.class)
    ClusterLoad load(KubernetesClient client, KubernetesSettings settings, Gateway gateway, KubernetesRouteCatalog catalog) {
        return new ClusterLoad(client, settings, gateway, () -> catalog.servedRevisions().stream()
                .map(RevisionSettings::ref).collect(Collectors.toSet()),
                () -> RolloutCountsReport.only(gateway.rolloutCounters().snapshot(), (namespace, name) -> catalog
                        .function(namespace, name).map(f -> f.getSpec().rollout != null).orElse(false)),
                Clock.systemUTC()).start();
    }

    /** The leader's reports of the functions' trigger states, one Lease per function in its namespace. */
    @Produces
    @Singleton
    @Typed(TriggerReports.class)
    TriggerReports triggerReports(KubernetesClient client, QuiverConfig config, LeaseLeadership leadership,
            KubernetesRouteCatalog catalog, EventRuntime events) {
        Duration heartbeat = config.kubernetes().triggerReportHeartbeat();
        return new TriggerReports(client, leadership, leadership.identity(), catalog::functions, events,
                events::natsConnected, Clock.systemUTC(), heartbeat, heartbeat.multipliedBy(3));
    }

    /** Sends the leader's smoke tests through this runtime's own gateway over loopback. */
    @Produces
    @Singleton
    @Typed(SmokeTestRunner.class)
    SmokeTestRunner smokeTestRunner(Vertx vertx,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        return new SmokeTestRunner(vertx, "127.0.0.1", httpPort, SMOKE_REQUEST_TIMEOUT);
    }

    /**
     * The leader's reports of the rolling-out functions' counts and smoke tests, one Lease per function in its
     * namespace, renewed like the trigger reports.
     */
    @Produces
    @Singleton
    @Typed(RolloutReports.class)
    RolloutReports rolloutReports(KubernetesClient client, QuiverConfig config, LeaseLeadership leadership,
            KubernetesRouteCatalog catalog, ClusterLoad load, SmokeTestRunner smokeTests) {
        Duration heartbeat = config.kubernetes().triggerReportHeartbeat();
        return new RolloutReports(client, leadership, leadership.identity(), catalog::functions, load::rolloutCounts,
                smokeTests::run, Clock.systemUTC(), heartbeat, heartbeat.multipliedBy(3));
    }

    void close(@Disposes SmokeTestRunner smokeTests) {
        smokeTests.close();
    }

    void close(@Disposes KubernetesRouteCatalog catalog) {
        catalog.close();
    }

    void close(@Disposes KubernetesPlatform platform) {
        platform.close();
    }

    void close(@Disposes KubernetesJobRunner jobs) {
        jobs.close();
    }

    void close(@Disposes LeaseLeadership leadership) {
        leadership.close();
    }

    void close(@Disposes ClusterLoad load) {
        load.close();
    }
}
