package dev.quiver.controller.reconcilers;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.controller.resources.CronJobs;
import dev.quiver.controller.resources.PodSettings;
import dev.quiver.controller.resources.Owners;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps a Job-mode function's CronJobs as {@link CronJobs} builds them from its latest ready revision: creates
 * and updates them (only when their fingerprint changed) and deletes the ones it owns that are no longer wanted
 * (a schedule removed, the mode changed to Service).
 */
final class CronJobWriter {

    private static final Logger LOG = Logger.getLogger(CronJobWriter.class);

    private CronJobWriter() {
    }

    /**
     * Writes what differs.
     *
     * @param owned       the CronJobs the informer knows for this function (possibly a moment behind)
     * @param latestReady the revision the CronJobs run, or null while none is ready
     * @param pods        the settings of every function pod
     * @return the name of a CronJob that exists with another owner, or null when every one was written
     */
    static String sync(KubernetesClient client, Function function, FunctionRevision latestReady, Set<CronJob> owned,
            PodSettings pods) {
        List<CronJob> desired = CronJobs.of(function, latestReady, pods);
        String namespace = function.getMetadata().getNamespace();
        String taken = null;
        for (CronJob cronJob : desired) {
            CronJob live = client.batch().v1().cronjobs().inNamespace(namespace).withName(cronJob.getMetadata().getName()).get();
            if (ChildWriter.apply(client, live, cronJob, function, (existing, wanted) -> wanted).outcome()
                    == ChildWriter.Outcome.NOT_OWNED) {
                taken = "CronJob '" + cronJob.getMetadata().getName() + "'";
            }
        }
        Set<String> wanted = desired.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        for (CronJob stale : owned) {
            if (!wanted.contains(stale.getMetadata().getName()) && Owners.isControlledBy(stale, function)) {
                LOG.infof("deleting CronJob %s/%s: its schedule is gone or %s is no longer in mode Job", namespace,
                        stale.getMetadata().getName(), function.getMetadata().getName());
                client.resource(stale).delete();
            }
        }
        return taken;
    }
}
