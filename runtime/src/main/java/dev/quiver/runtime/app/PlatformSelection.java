package dev.quiver.runtime.app;

import dev.quiver.runtime.kubernetes.KubernetesPlatform;
import dev.quiver.runtime.kubernetes.KubernetesRouteCatalog;
import dev.quiver.runtime.kubernetes.LeaseLeadership;
import dev.quiver.runtime.local.LocalFunctionStore;
import dev.quiver.runtime.local.LocalPlatform;
import dev.quiver.runtime.platform.Leadership;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.routing.RouteCatalog;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Picks the platform at start-up from {@code quiver.platform} (env {@code QUIVER_PLATFORM}), so one build runs
 * with child processes on a laptop and on Kubernetes: the gateway's {@link Platform} and {@link RouteCatalog}, and
 * the {@link Leadership} the cluster-wide loops ask. Only the chosen platform's beans are ever created.
 */
public class PlatformSelection {

    /** The value of {@code quiver.platform} for child processes on this machine. */
    public static final String LOCAL = "local";
    /** The value of {@code quiver.platform} for a cluster. */
    public static final String KUBERNETES = "kubernetes";

    /** Whether the local platform is chosen; fails on a value that names no platform. */
    static boolean isLocal(QuiverConfig config) {
        String platform = config.platform().trim().toLowerCase(Locale.ROOT);
        if (!LOCAL.equals(platform) && !KUBERNETES.equals(platform)) {
            throw new IllegalStateException("quiver.platform is '" + config.platform() + "'; it must be '" + LOCAL
                    + "' or '" + KUBERNETES + "'");
        }
        return LOCAL.equals(platform);
    }

    /** Where revisions run. */
    @Produces
    @Singleton
    Platform platform(QuiverConfig config, Instance<LocalPlatform> local, Instance<KubernetesPlatform> kubernetes) {
        return isLocal(config) ? local.get() : kubernetes.get();
    }

    /** Where the gateway finds routes. */
    @Produces
    @Singleton
    RouteCatalog catalog(QuiverConfig config, Instance<LocalFunctionStore> local,
            Instance<KubernetesRouteCatalog> kubernetes) {
        return isLocal(config) ? local.get() : kubernetes.get();
    }

    /** Whether this replica runs the cluster-wide loops: always locally, by Lease on Kubernetes. */
    @Produces
    @Singleton
    Leadership leadership(QuiverConfig config, Instance<LeaseLeadership> kubernetes) {
        return isLocal(config) ? () -> true : kubernetes.get();
    }
}
