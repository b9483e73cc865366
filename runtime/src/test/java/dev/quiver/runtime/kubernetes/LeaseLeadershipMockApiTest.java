package dev.quiver.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** Two runtime replicas share one Lease: one leads; when it stops, the other takes over. */
@EnableKubernetesMockClient(crud = true, https = false)
class LeaseLeadershipMockApiTest {

    static KubernetesClient client;

    @Test
    void oneOfTwoReplicasLeadsAndTheOtherTakesOverWhenTheLeaderStops() {
        LeaseLeadership a = new LeaseLeadership(client, settings("runtime-a")).start();
        LeaseLeadership b = new LeaseLeadership(client, settings("runtime-b")).start();
        try {
            eventually(() -> a.isLeader() || b.isLeader());
            LeaseLeadership leader = a.isLeader() ? a : b;
            LeaseLeadership follower = leader == a ? b : a;
            assertThat(follower.isLeader()).as("only one leads").isFalse();
            assertThat(client.leases().inNamespace("quiver-system").withName("quiver-runtime-leader").get()
                    .getSpec().getHolderIdentity()).isEqualTo(leader.identity());

            leader.close();
            eventually(follower::isLeader);
            assertThat(leader.isLeader()).isFalse();
            eventually(() -> follower.identity().equals(client.leases().inNamespace("quiver-system")
                    .withName("quiver-runtime-leader").get().getSpec().getHolderIdentity()));
        } finally {
            a.close();
            b.close();
        }
    }

    private static KubernetesSettings settings(String identity) {
        return new KubernetesSettings(List.of(), "quiver-system", identity, "quiver-runtime-leader",
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }
}
