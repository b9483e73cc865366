package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.standin.testing.MockApiTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.quiver.api.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import static dev.quiver.controller.reconcilers.MockApi.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/** After a reconcile, the controller's Prometheus endpoint exports JOSDK's reconcile metrics. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ReconcileMetricsMockApiTest extends MockApiTest {

    private static final String IMAGE = "registry.local/hello@sha256:" + "4".repeat(64);

    @KubernetesTestServer
    KubernetesServer server;

    @Override
    protected KubernetesClient client() {
        return server.getClient();
    }

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @Test
    void reconcileMetricsOfTheOperatorSdkAreScrapedAfterAReconcile() throws Exception {
        MockApi api = new MockApi(client(), namespace);
        api.create(Fixtures.function(api.namespace, "hello", IMAGE));
        api.makeReady("hello-00001");
        awaitCondition(() -> api.functionCondition("hello", ConditionTypes.READY, Condition.TRUE));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(metrics.toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.statusCode()).isEqualTo(200);
        List<String> samples = Arrays.stream(scrape.body().split("\n")).filter(line -> !line.startsWith("#")).toList();
        assertThat(samples).as("JOSDK's reconcile counters")
                .anyMatch(line -> line.startsWith("operator_sdk_reconciliations_started_total")
                        && !line.endsWith(" 0.0"))
                .anyMatch(line -> line.startsWith("operator_sdk_reconciliations_success_total"));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(ready.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
