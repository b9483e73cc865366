package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the kubelet stand-in's integration tests: a real registry with a test image and a stand-in cluster
 * per test class, a namespace per test, and the waits they share.
 */
abstract class KubeletFixture {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path dir;
    static OciRegistry registry;
    static ClusterStandIn cluster;
    static String image;

    String ns;
    KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        registry = OciRegistry.start(dir.resolve("registry"));
        image = TestImages.pushServer(registry);
        cluster = ClusterStandIn.start(dir.resolve("cluster"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void namespace(TestInfo test) {
        ns = "t" + NAMESPACES.incrementAndGet();
        client = cluster.client();
    }

    @AfterEach
    void report(TestInfo test) {
        System.out.println(test.getDisplayName() + ":\n" + cluster.kubelet().describe());
    }

    protected List<PodProcess> awaitPods(int count) {
        await().untilAsserted(() -> assertThat(cluster.kubelet().pods(ns)).as(cluster.kubelet().describe())
                .hasSize(count).allSatisfy(p -> assertThat(p.ready()).isTrue()));
        return cluster.kubelet().pods(ns);
    }

    /** Scales a Deployment, retrying on a conflict with the stand-in's status writes, as controllers do. */
    protected void scale(String deployment, int replicas) {
        await().untilAsserted(() -> client.apps().deployments().inNamespace(ns).withName(deployment).scale(replicas));
    }

    /** The one EndpointSlice of the namespace. */
    protected EndpointSlice slice() {
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems();
        assertThat(slices).hasSize(1);
        return slices.get(0);
    }

    protected static Optional<DeploymentCondition> condition(Deployment deployment, String type) {
        if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    protected static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    protected static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(Long.getLong("standin.await", 90))).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions();
    }
}
