package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.api.triggers.TriggerReport;
import dev.quiver.cli.fake.CliRun;
import dev.quiver.api.testing.Fixtures;
import dev.quiver.cli.fake.MockCluster;
import dev.quiver.standin.testing.MockApiTest;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quiver describe} on a cluster shows the triggers as the runtime reported them (the Lease beside the Function). */
@EnableKubernetesMockClient(crud = true, https = false) // plain HTTP: jnats brings a BouncyCastle that cannot make the mock's certificate
class ClusterDescribeTriggersTest extends MockApiTest {

    static KubernetesClient client;

    @Override
    protected KubernetesClient client() {
        return client;
    }

    @TempDir
    Path dir;

    MockCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client, namespace, dir);
    }

    @Test
    void describeShowsEachTriggersStateAndCountersFromTheRuntimesReport() {
        Function orders = cluster.createWithStatus(Fixtures.function("orders", Fixtures.readyOn("orders-00001"),
                Fixtures.nats("orders.audit"), Fixtures.jetstream("ORDERS", "orders.new")));
        Instant renewed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        report(orders, renewed, new TriggerReport(true, List.of(
                new TriggerReport.Entry("nats", "orders.audit", "quiver-ns-orders", null, null, "Active", null,
                        5L, null, null, null, null, 0L),
                new TriggerReport.Entry("jetstream", "orders.new", null, "ORDERS", "quiver-ns-orders-0", "Failed",
                        "stream ORDERS does not exist; create it or set createStream: true", 40L, 7L, 3L, 2L, 1L, 4L))));

        CliRun run = CliRun.of(cluster.args("describe", "orders"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Triggers:", "reported by the runtime at " + renewed,
                "orders.new: stream ORDERS does not exist; create it or set createStream: true");
        assertThat(row(run.out(), "orders.new")).containsExactly("jetstream", "orders.new", "stream", "ORDERS", "/",
                "quiver-ns-orders-0", "Failed", "40", "7", "3", "2", "1", "4");
        assertThat(row(run.out(), "orders.audit")).containsExactly("nats", "orders.audit", "queue", "quiver-ns-orders",
                "Active", "5", "-", "-", "-", "-", "0");
    }

    @Test
    void withoutAReportOrWithAStaleOneDescribeSaysSo() {
        Function orders = cluster.createWithStatus(Fixtures.function("orders", Fixtures.readyOn("orders-00001"),
                Fixtures.jetstream("ORDERS", "orders.new")));

        CliRun none = CliRun.of(cluster.args("describe", "orders"));
        Instant old = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        report(orders, old, new TriggerReport(true, List.of(new TriggerReport.Entry("jetstream", "orders.new", null,
                "ORDERS", "quiver-ns-orders-0", "Active", null, 1L, 0L, 0L, 0L, 0L, 0L))));
        CliRun stale = CliRun.of(cluster.args("describe", "orders"));

        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).contains("the runtime has not reported on these triggers");
        assertThat(row(none.out(), "orders.new")).contains("Unknown");
        assertThat(stale.out()).contains("stale: the runtime last reported at " + old);
        assertThat(row(stale.out(), "orders.new")).contains("Active");
    }

    /** The runtime leader's report, as it writes it. */
    private void report(Function function, Instant renewed, TriggerReport report) {
        client.resource(new LeaseBuilder().withNewMetadata().withNamespace(cluster.namespace())
                .withName(function.getMetadata().getName() + "-triggers")
                .addToLabels("quiver.dev/function", function.getMetadata().getName())
                .addToAnnotations("quiver.dev/trigger-status", report.encode())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("quiver.dev/v1alpha1").withKind("Function")
                        .withName(function.getMetadata().getName()).withUid(function.getMetadata().getUid()).build())
                .endMetadata()
                .withNewSpec().withHolderIdentity("quiver-runtime-0").withRenewTime(ZonedDateTime.ofInstant(renewed, ZoneOffset.UTC))
                .withLeaseDurationSeconds(90).endSpec().build()).createOr(existing -> existing.update());
    }

    private static List<String> row(String out, String subject) {
        return out.lines().filter(line -> line.trim().split("\\s+").length > 2 && line.trim().split("\\s+")[1].equals(subject))
                .findFirst().map(line -> List.of(line.trim().split("\\s+"))).orElseThrow(() -> new AssertionError(out));
    }
}
