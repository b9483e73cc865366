package dev.quiver.runtime.kubernetes;

import java.time.Duration;
import java.util.List;

/**
 * How the runtime runs on Kubernetes.
 *
 * @param namespaces        the namespaces whose Functions it serves; empty for all
 * @param runtimeNamespace  where its own Leases live (the leader's and each replica's load report)
 * @param identity          this replica's name (its pod name)
 * @param leaseName         the Lease the leader holds
 * @param leaseDuration     how long a leader's Lease lasts without renewal before another replica may take it
 * @param renewDeadline     how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod       how often candidates try to acquire, and the leader renews
 * @param loadReportPeriod  how often a replica publishes its per-revision concurrency when it changed
 * @param loadReportMaxAge  reports older than this are left out of the total (the replica is gone)
 */
public record KubernetesSettings(List<String> namespaces, String runtimeNamespace, String identity, String leaseName,
        Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, Duration loadReportPeriod,
        Duration loadReportMaxAge) {

    /** Copies the list. */
    public KubernetesSettings {
        namespaces = List.copyOf(namespaces);
    }

    /** A replica's load reports are refreshed at least this often even when unchanged. */
    public Duration loadHeartbeat() {
        return loadReportMaxAge.dividedBy(3);
    }
}
