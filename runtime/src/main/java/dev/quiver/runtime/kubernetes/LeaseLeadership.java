package dev.quiver.runtime.kubernetes;

import dev.quiver.runtime.platform.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Leadership among the runtime replicas through a coordination.k8s.io Lease (fabric8's leader elector). A leader
 * that cannot renew within the renew deadline stops leading; every replica then keeps trying to acquire, so a new
 * leader takes over at the latest one lease duration after the old one went. Closing releases the Lease at once.
 */
public final class LeaseLeadership implements Leadership, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    /** A candidate named by the settings' identity; {@link #start()} begins campaigning. */
    public LeaseLeadership(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Starts campaigning in the background. */
    public LeaseLeadership start() {
        campaign();
        return this;
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.runtimeNamespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped,
                        id -> LOG.infof("runtime leader is now %s", id)))
                .build()).build();
        election = elector.start();
        // The elector ends when it loses the Lease; a replica stays a candidate until it closes.
        election.whenComplete((ignored, error) -> {
            leader.set(false);
            if (!closed) {
                campaign();
            }
        });
    }

    private void started() {
        leader.set(true);
        LOG.infof("%s leads: it runs the autoscaler and the schedules", settings.identity());
    }

    private void stopped() {
        leader.set(false);
        LOG.infof("%s no longer leads", settings.identity());
    }

    @Override
    public boolean isLeader() {
        return leader.get();
    }

    /** This replica's name. */
    public String identity() {
        return settings.identity();
    }

    /** Stops campaigning and releases the Lease if held, so another replica takes over without waiting. */
    @Override
    public synchronized void close() {
        closed = true;
        leader.set(false);
        if (election != null) {
            election.cancel(true);
        }
    }
}
