package dev.quiver.standin;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;

/** The kubelet and workload-controller stand-in (first cut: API only). */
public final class Kubelet {

    private final KubernetesClient client;
    private final Path workDir;

    Kubelet(KubernetesClient client, Path workDir) {
        this.client = client;
        this.workDir = workDir;
    }

    void start() {
    }

    /** The live pod processes of a namespace. */
    public List<PodProcess> pods(String namespace) {
        return List.of();
    }

    /** SIGKILLs a pod's process, as a crash; its restartPolicy applies. */
    public void kill(String namespace, String podName) {
    }

    void close() {
    }
}
