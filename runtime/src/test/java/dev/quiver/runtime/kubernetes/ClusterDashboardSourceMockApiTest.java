package dev.quiver.runtime.kubernetes;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static dev.quiver.runtime.kubernetes.Cluster.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.Function;
import dev.quiver.api.Mode;
import dev.quiver.api.TrafficTarget;
import dev.quiver.runtime.dashboard.ClusterDashboardSource;
import dev.quiver.runtime.dashboard.DashboardException;
import dev.quiver.runtime.dashboard.InvocationList;
import dev.quiver.runtime.events.TriggerStatuses;
import dev.quiver.runtime.local.InvalidTrafficException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's cluster source on the mock API server: it lists what the runtime's informers hold, and a traffic
 * change lands as a patch of the Function's {@code spec.traffic}, checked first like {@code quiver traffic} does.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterDashboardSourceMockApiTest extends MockApiTest {

    static KubernetesClient client;

    @Override
    protected KubernetesClient client() {
        return client;
    }

    private Cluster cluster;
    private KubernetesRouteCatalog catalog;
    private ClusterDashboardSource source;

    @BeforeEach
    void start() {
        cluster = new Cluster(client, namespace);
        catalog = new KubernetesRouteCatalog(client, List.of(cluster.namespace)).start();
        source = new ClusterDashboardSource(catalog, client, TriggerStatuses.NONE, null, InvocationList.NONE);
        cluster.revision("hello", "hello-00001", Mode.Service, 0, 1);
        cluster.revision("hello", "hello-00002", Mode.Service, 0, 1);
        cluster.function("hello", 5, List.of(target("hello-00002", 100)));
        eventually(() -> catalog.function(cluster.namespace, "hello").isPresent()
                && catalog.revisionsOf(cluster.namespace, "hello").size() == 2);
    }

    @AfterEach
    void stop() {
        catalog.close();
    }

    @Test
    void listsTheFunctionsAndRevisionsTheInformersHold() {
        assertThat(source.platform()).isEqualTo("kubernetes");
        assertThat(source.defaultNamespace()).isEqualTo(cluster.namespace);
        assertThat(source.functions()).extracting(f -> f.getMetadata().getName()).containsExactly("hello");
        Function hello = source.function(null, "hello").orElseThrow();
        assertThat(hello.getStatus().traffic).extracting(t -> t.revisionName).containsExactly("hello-00002");
        assertThat(hello.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(source.revisions(cluster.namespace, "hello").orElseThrow()).extracting(r -> r.getMetadata().getName())
                .containsExactly("hello-00001", "hello-00002");
        assertThat(source.function("elsewhere", "hello")).isEmpty();
        assertThat(source.revisions(null, "nope")).isEmpty();
    }

    @Test
    void trafficChangeIsPatchedIntoTheFunctionsSpecAndReachesTheInformer() {
        Function answer = source.setTraffic(null, "hello",
                List.of(target("hello-00001", 90), TrafficTarget.latest(10))).orElseThrow();

        Function stored = client.resources(Function.class).inNamespace(cluster.namespace).withName("hello").get();
        assertThat(stored.getSpec().traffic).hasSize(2);
        assertThat(stored.getSpec().traffic.get(0).revisionName).isEqualTo("hello-00001");
        assertThat(stored.getSpec().traffic.get(0).percent).isEqualTo(90);
        assertThat(stored.getSpec().traffic.get(1).latestRevision).isTrue();
        assertThat(stored.getSpec().image).as("nothing else of the spec changes").startsWith("registry.local/hello@");
        assertThat(stored.getSpec().template.scale.max).isEqualTo(5);
        assertThat(answer.getSpec().traffic).hasSize(2);
        eventually(() -> source.function(null, "hello").orElseThrow().getSpec().traffic.size() == 2);
    }

    @Test
    void trafficNamingAnUnknownRevisionIsRefusedAndNothingIsPatched() {
        assertThatThrownBy(() -> source.setTraffic(null, "hello", List.of(target("hello-00009", 100))))
                .isInstanceOfSatisfying(InvalidTrafficException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).contains("spec.traffic[0].revisionName"));
        assertThatThrownBy(() -> source.setTraffic(null, "hello", List.of(target("hello-00001", 70))))
                .isInstanceOf(InvalidTrafficException.class);

        Function stored = client.resources(Function.class).inNamespace(cluster.namespace).withName("hello").get();
        assertThat(stored.getSpec().traffic).isNullOrEmpty();
        assertThat(source.setTraffic(null, "nope", List.of(target("hello-00001", 100)))).isEmpty();
    }

    @Test
    void logsAreNotServedOnAClusterAndSayWhereToLook() {
        assertThatThrownBy(() -> source.logs(null, "hello", null))
                .isInstanceOfSatisfying(DashboardException.class, e -> {
                    assertThat(e.status()).isEqualTo(501);
                    assertThat(e.error()).isEqualTo("NotSupported");
                    assertThat(e.getMessage()).contains("quiver logs hello");
                });
    }
}
