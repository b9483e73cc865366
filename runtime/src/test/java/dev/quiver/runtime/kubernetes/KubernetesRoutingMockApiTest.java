package dev.quiver.runtime.kubernetes;

import dev.quiver.api.Function;
import dev.quiver.standin.testing.MockApiTest;
import dev.quiver.api.Mode;
import dev.quiver.api.StickySplit;
import dev.quiver.api.TrafficMatch;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static dev.quiver.runtime.kubernetes.Cluster.target;
import static org.assertj.core.api.Assertions.assertThat;

/** The runtime's informers turn Functions, FunctionRevisions and EndpointSlices into routes and endpoints. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesRoutingMockApiTest extends MockApiTest {

    static KubernetesClient client;

    @Override
    protected KubernetesClient client() {
        return client;
    }

    private Cluster cluster;
    private KubernetesRouteCatalog catalog;
    private KubernetesPlatform platform;

    @BeforeEach
    void start() {
        cluster = new Cluster(client, namespace);
        catalog = new KubernetesRouteCatalog(client, List.of(cluster.namespace)).start();
        platform = new KubernetesPlatform(client, catalog, List.of(cluster.namespace)).start();
    }

    @AfterEach
    void stop() {
        platform.close();
        catalog.close();
    }

    @Test
    void statusTrafficBecomesSplitTagsAndHeaderRulesWithEachRevisionsLimits() {
        cluster.revision("hello", "hello-00001", Mode.Service, 0, 1);
        cluster.revision("hello", "hello-00002", Mode.Service, 4, 1);
        cluster.revision("hello", "hello-00003", Mode.Service, 1, 1);
        TrafficTarget feature = target("hello-00003", 0).withTag("feature-x");
        feature.percent = null;
        feature.match = TrafficMatch.header("X-Group", "test");
        cluster.function("hello", 7, List.of(target("hello-00002", 90), target("hello-00001", 10).withTag("stable"), feature));

        eventually(() -> catalog.find("hello").isPresent());
        FunctionRoutes routes = catalog.find("hello").orElseThrow();
        RoutingTable table = routes.table();
        assertThat(routes.namespace()).isEqualTo(cluster.namespace);
        assertThat(table.choose(headers(Map.of()), 0.5)).contains("hello-00002");
        assertThat(table.choose(headers(Map.of()), 0.95)).contains("hello-00001");
        assertThat(table.choose(headers(Map.of("x-group", "test")), 0.5)).contains("hello-00003");
        assertThat(table.tags()).containsEntry("stable", "hello-00001").containsEntry("feature-x", "hello-00003");
        assertThat(routes.propagatedHeaders()).containsExactly("x-group");
        assertThat(routes.revisions().get("hello-00002").containerConcurrency()).isEqualTo(4);
        assertThat(routes.revisions().get("hello-00003").containerConcurrency()).isEqualTo(1);
        assertThat(routes.revisions().get("hello-00002").scale().maxOrDefault()).as("scale follows the Function").isEqualTo(7);
        assertThat(catalog.find("nope")).isEmpty();
    }

    @Test
    void trafficChangesAndNewRevisionsReachTheRoutesWithoutRestart() {
        cluster.revision("hello", "hello-00001", Mode.Service, 0, 1);
        var function = cluster.function("hello", 10, List.of(target("hello-00001", 100)));
        eventually(() -> catalog.find("hello").map(r -> r.revisions().keySet().equals(Set.of("hello-00001"))).orElse(false));

        // Traffic naming a revision the runtime has not seen yet keeps the previous routes until it arrives.
        cluster.setTraffic(function, List.of(target("hello-00002", 100)));
        eventually(() -> client.resources(Function.class).inNamespace(cluster.namespace).withName("hello")
                .get().getStatus().traffic.get(0).revisionName.equals("hello-00002"));
        assertThat(catalog.find("hello").orElseThrow().revisions()).containsOnlyKeys("hello-00001");

        cluster.revision("hello", "hello-00002", Mode.Service, 0, 1);
        eventually(() -> catalog.find("hello").orElseThrow().revisions().keySet().equals(Set.of("hello-00002")));
        assertThat(catalog.find("hello").orElseThrow().table().choose(headers(Map.of()), 0.1)).contains("hello-00002");

        client.resource(function).delete();
        eventually(() -> catalog.find("hello").isEmpty());
    }

    @Test
    void aStickySplitSetOnTheFunctionsSpecReachesTheRoutingTable() {
        cluster.revision("hello", "hello-00001", Mode.Service, 0, 1);
        cluster.revision("hello", "hello-00002", Mode.Service, 0, 1);
        cluster.function("hello", 10, List.of(target("hello-00001", 50), target("hello-00002", 50)));
        eventually(() -> catalog.find("hello").isPresent());
        RoutingTable.Request someone = headers(Map.of("x-user-id", "caller-1"));
        assertThat(catalog.find("hello").orElseThrow().table().choose(someone, 0.99)).as("not sticky yet")
                .isNotEqualTo(catalog.find("hello").orElseThrow().table().choose(someone, 0.01));

        client.resources(Function.class).inNamespace(cluster.namespace).withName("hello")
                .edit(f -> {
                    f.getSpec().sticky = StickySplit.byHeader("X-User-Id");
                    return f;
                });

        eventually(() -> {
            RoutingTable table = catalog.find("hello").orElseThrow().table();
            return IntStream.range(0, 50).allMatch(user -> {
                RoutingTable.Request caller = headers(Map.of("x-user-id", "caller-" + user));
                return table.choose(caller, 0.01).equals(table.choose(caller, 0.99));
            });
        });
    }

    @Test
    void readyAddressesOfTheRevisionsSlicesAreItsEndpointsAndChangesAreAnnounced() {
        cluster.revision("hello", "hello-00001", Mode.Service, 0, 2);
        Set<RevisionRef> announced = ConcurrentHashMap.newKeySet();
        platform.addEndpointsListener(announced::add);
        RevisionRef ref = new RevisionRef(cluster.namespace, "hello", "hello-00001");

        cluster.slice("hello", "hello-00001", "hello-00001-abc", Map.of("10.0.0.1", true, "10.0.0.2", false));
        cluster.slice("hello", "hello-00001", "hello-00001-def", Map.of("10.0.0.3", true));
        cluster.slice("other", "other-00001", "other-00001-abc", Map.of("10.0.9.9", true));
        eventually(() -> platform.readyEndpoints(ref).size() == 2);
        assertThat(platform.readyEndpoints(ref)).containsExactly(new Endpoint("10.0.0.1", 8080), new Endpoint("10.0.0.3", 8080));
        assertThat(announced).contains(ref);

        cluster.slice("hello", "hello-00001", "hello-00001-abc", Map.of("10.0.0.1", false, "10.0.0.2", true));
        eventually(() -> platform.readyEndpoints(ref).contains(new Endpoint("10.0.0.2", 8080)));
        assertThat(platform.readyEndpoints(ref)).containsExactly(new Endpoint("10.0.0.2", 8080), new Endpoint("10.0.0.3", 8080));
    }

    @Test
    void scaleWritesTheRevisionsScaleSubresourceAndWakeStartsARevisionAtZero() {
        cluster.revision("hello", "hello-00001", Mode.Service, 0, 1);
        cluster.revision("hello", "hello-00002", Mode.Service, 0, 0);
        RevisionRef first = new RevisionRef(cluster.namespace, "hello", "hello-00001");
        RevisionRef second = new RevisionRef(cluster.namespace, "hello", "hello-00002");
        eventually(() -> catalog.revision(cluster.namespace, "hello-00002").isPresent());

        platform.scale(first, 3);
        assertThat(platform.desiredReplicas(first)).as("what was asked for, before the informer sees it").isEqualTo(3);
        eventually(() -> cluster.revision("hello-00001").getSpec().replicas == 3);
        eventually(() -> catalog.revision(cluster.namespace, "hello-00001").orElseThrow().getSpec().replicas == 3);
        assertThat(platform.desiredReplicas(first)).isEqualTo(3);
        assertThat(cluster.revision("hello-00001").getSpec().functionName).as("the rest of the spec is kept").isEqualTo("hello");

        platform.wake(second);
        eventually(() -> cluster.revision("hello-00002").getSpec().replicas == 1);
        platform.wake(first);
        eventually(() -> catalog.revision(cluster.namespace, "hello-00002").orElseThrow().getSpec().replicas == 1);
        assertThat(cluster.revision("hello-00001").getSpec().replicas).as("wake leaves a running revision alone").isEqualTo(3);
    }

    @Test
    void aRevisionTheAutoscalerHasNotScaledYetCountsItsInitialReplicaAsItsDeploymentDoes() {
        cluster.unscaledRevision("hello", "hello-00001");
        RevisionRef revision = new RevisionRef(cluster.namespace, "hello", "hello-00001");
        eventually(() -> catalog.revision(cluster.namespace, "hello-00001").isPresent());

        assertThat(platform.desiredReplicas(revision)).as("max(1, scale.min), what the controller gives its Deployment")
                .isEqualTo(1);
    }

    @Test
    void functionsOfTheSameNameInTwoNamespacesAreFoundByNamespaceAndTheShortNameMeansTheDefault() {
        // "dev-…" sorts before "prod-…": choosing by alphabet would hand production's traffic to the dev copy
        String suffix = Long.toHexString(System.nanoTime() & 0xffff);
        Cluster production = new Cluster(client, "prod-" + suffix);
        Cluster development = new Cluster(client, "dev-" + suffix);
        production.revision("payments", "payments-00001", Mode.Service, 0, 1);
        production.function("payments", 3, List.of(target("payments-00001", 100)));
        development.revision("payments", "payments-00007", Mode.Service, 0, 1);
        development.function("payments", 3, List.of(target("payments-00007", 100)));
        try (KubernetesRouteCatalog both = new KubernetesRouteCatalog(client,
                List.of(development.namespace, production.namespace), production.namespace).start()) {
            eventually(() -> both.find(development.namespace, "payments").isPresent()
                    && both.find(production.namespace, "payments").isPresent());

            assertThat(both.defaultNamespace()).isEqualTo(production.namespace);
            assertThat(both.find("payments").orElseThrow().revisions()).containsOnlyKeys("payments-00001");
            assertThat(both.find(development.namespace, "payments").orElseThrow().revisions())
                    .containsOnlyKeys("payments-00007");

            client.resources(Function.class).inNamespace(production.namespace).withName("payments").delete();
            eventually(() -> both.find(production.namespace, "payments").isEmpty());
            assertThat(both.find("payments")).as("the short name never falls back to another namespace").isEmpty();
        }
    }

    private static RoutingTable.Request headers(Map<String, String> headers) {
        return new RoutingTable.Request() {
            @Override
            public String header(String name) {
                return headers.get(name.toLowerCase());
            }

            @Override
            public String cookie(String name) {
                return null;
            }
        };
    }
}
