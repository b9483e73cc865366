package dev.quiver.standin;

import java.util.Map;

/**
 * A pod as the kubelet stand-in runs it: a local process on its own loopback address.
 *
 * @param namespace the pod's namespace
 * @param name      the pod's name
 * @param ip        its loopback address ({@code 127.x.y.z}), the pod IP written to the API
 * @param labels    the pod's labels
 * @param ready     whether its readiness probe passes and it is not terminating
 * @param restarts  how often its process was restarted (the container's restartCount)
 * @param pid       the process id of the current process, or -1 while none runs
 */
public record PodProcess(String namespace, String name, String ip, Map<String, String> labels, boolean ready, int restarts,
        long pid) {
}
