package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.standin.testing.MockApiTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.quiver.api.testing.Fixtures;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.quiver.controller.reconcilers.MockApi.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/** A reconcile of a Function and revision that are already as they should be writes nothing. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SteadyStateMockApiTest extends MockApiTest {

    private static final String IMAGE = "registry.local/hello@sha256:" + "3".repeat(64);
    /** Long enough for both reconcilers to have run after the nudge, with room on a busy machine. */
    private static final long QUIET_MILLIS = 3000;

    @KubernetesTestServer
    KubernetesServer server;

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @Test
    void reconcileOfUnchangedFunctionMakesZeroWrites() throws InterruptedException {
        MockApi api = new MockApi(client(), namespace);
        server.getClient().resource(Fixtures.configMap(api.namespace, "settings", Map.of("a", "1"))).create();
        api.create(Fixtures.withConfigFiles(Fixtures.function(api.namespace, "hello", IMAGE), "settings", "/etc/settings"));
        api.makeReady("hello-00001");
        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.READY, Condition.TRUE));
        drainUntilQuiet();

        // Nudge both reconcilers without changing anything they own: a foreign annotation on the revision
        // is an event for the Function's reconciler, and the Deployment's status write one for the revision's.
        server.getClient().resources(FunctionRevision.class).inNamespace(api.namespace).withName("hello-00001")
                .edit(r -> {
                    r.getMetadata().getAnnotations().put("example.com/touched", "yes");
                    return r;
                });
        api.kubelet.markAvailable(api.namespace, "hello-00001");
        List<RecordedRequest> after = drainUntilQuiet();

        List<String> inNamespace = after.stream().filter(r -> r.getPath().contains("/namespaces/" + api.namespace + "/"))
                .map(r -> r.getMethod() + " " + r.getPath()).toList();
        assertThat(inNamespace).as("the Function's reconciler ran (it lists the revisions)")
                .anyMatch(line -> line.startsWith("GET") && line.contains("/functionrevisions?"));
        assertThat(inNamespace).as("the revision's reconciler ran (it reads the Deployment)")
                .anyMatch(line -> line.startsWith("GET") && line.endsWith("/deployments/hello-00001"));
        assertThat(inNamespace).as("no event for a reconcile that changed nothing")
                .noneMatch(line -> line.contains("/events"));
        assertThat(inNamespace.stream().filter(line -> !line.startsWith("GET")).toList())
                .as("writes other than the test's own two")
                .hasSize(2)
                .allMatch(line -> line.endsWith("/functionrevisions/hello-00001") || line.endsWith("/deployments/hello-00001/status"));
    }

    /** Takes recorded requests until none arrives for a while. */
    private List<RecordedRequest> drainUntilQuiet() throws InterruptedException {
        List<RecordedRequest> taken = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
            taken.add(request);
        }
        return taken;
    }
}
