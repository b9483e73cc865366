package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Writes what the running pods report to their status in the API, only when it changed since the last write. */
final class PodStatusWriter {

    private static final System.Logger LOG = System.getLogger(PodStatusWriter.class.getName());

    private final KubernetesClient client;
    /** Per pod ({@code namespace/name}), the status last written: the watch cache may not show it yet. */
    private final Map<String, PodStatus> written = new HashMap<>();

    PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Writes the status of every pod that has not finished; a failed write is tried again on the next pass. */
    void write(Collection<RunningPod> pods) {
        for (RunningPod pod : pods) {
            if (pod.isFinished()) {
                continue;
            }
            PodStatus status = pod.status();
            String key = pod.namespace + "/" + pod.name;
            if (status.equals(written.get(key))) {
                continue;
            }
            try {
                Pod current = client.pods().inNamespace(pod.namespace).withName(pod.name).get();
                if (current == null) {
                    continue;
                }
                current.setStatus(status);
                client.pods().inNamespace(pod.namespace).resource(current).updateStatus();
                written.put(key, status);
            } catch (KubernetesClientException e) {
                LOG.log(System.Logger.Level.DEBUG, "pod status " + key + ": " + e.getMessage());
            }
        }
    }

    /** Forgets a removed pod. */
    void forget(String key) {
        written.remove(key);
    }
}
