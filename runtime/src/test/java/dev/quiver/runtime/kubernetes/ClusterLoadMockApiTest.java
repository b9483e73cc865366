package dev.quiver.runtime.kubernetes;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every runtime replica counts the live replicas from the load-report Leases, to take its share of cc. */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterLoadMockApiTest {

    static KubernetesClient client;

    @Test
    void eachReplicaSeesEveryLiveReplicaAndItsOwnPlaceAmongThem() {
        String namespace = "loads-" + Long.toHexString(System.nanoTime() & 0xffff);
        ClusterLoad a = load(namespace, "runtime-a");
        ClusterLoad b = load(namespace, "runtime-b");
        try {
            assertThat(a.liveReplicas()).as("before any report: only itself").containsExactly("runtime-a");
            a.publish();
            b.publish();

            eventually(() -> a.liveReplicas().size() == 2 && b.liveReplicas().size() == 2);
            assertThat(a.liveReplicas()).containsExactly("runtime-a", "runtime-b");
            assertThat(b.liveReplicas()).containsExactly("runtime-a", "runtime-b");

            b.close();
            eventually(() -> a.liveReplicas().size() == 1);
        } finally {
            a.close();
        }
    }

    private static ClusterLoad load(String namespace, String identity) {
        KubernetesSettings settings = new KubernetesSettings(List.of(), namespace, identity, "quiver-runtime-leader",
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
        return new ClusterLoad(client, settings, revision -> 0, Set::of, Clock.systemUTC()).start();
    }
}
