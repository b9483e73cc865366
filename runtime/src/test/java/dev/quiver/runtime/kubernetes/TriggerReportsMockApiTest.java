package dev.quiver.runtime.kubernetes;

import dev.quiver.api.testing.MutableClock;
import dev.quiver.standin.testing.Crds;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.api.Function;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.Triggers;
import dev.quiver.api.triggers.TriggerReport;
import dev.quiver.runtime.events.TriggerManager;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.nats.NatsClient;
import dev.quiver.standin.testing.NatsServerProcess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.quiver.runtime.kubernetes.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader reports a Function's trigger states in a Lease beside the Function: real triggers on a real
 * {@code nats-server}, invoking a real HTTP function over loopback, reported to the mock API server.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class TriggerReportsMockApiTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    static KubernetesClient client;

    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private NatsServerProcess nats;
    private NatsClient connection;
    private HttpServer function;
    private Vertx vertx;
    private GatewayInvoker invoker;
    private TriggerManager manager;
    private Function orders;
    private TriggerReports reports;

    @BeforeAll
    static void crds() {
        Crds.install(client);
    }

    @BeforeEach
    void start() throws Exception {
        nats = NatsServerProcess.start();
        connection = NatsClient.connect(nats.url(), "quiver-test");
        function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        function.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        function.start();
        vertx = Vertx.vertx();
        invoker = new GatewayInvoker(vertx, "127.0.0.1", function.getAddress().getPort());
        manager = new TriggerManager(connection, invoker);
        orders = client.resource(withJetStream("orders", "ORDERS", "orders.new")).create();
        reports = new TriggerReports(client, leading::get, "runtime-a", () -> List.of(orders), manager,
                connection::connected, clock, HEARTBEAT, HEARTBEAT.multipliedBy(3));
    }

    @AfterEach
    void stop() {
        manager.close();
        invoker.close();
        vertx.close();
        function.stop(0);
        connection.close();
        nats.close();
        client.leases().inNamespace("shop").delete();
        client.resources(Function.class).inNamespace("shop").delete();
    }

    @Test
    void theLeaderReportsAMissingStreamThenTheActiveConsumerInALeaseOwnedByTheFunction() throws Exception {
        manager.sync(List.of(orders));
        eventually(() -> state().equals(TriggerReport.FAILED));

        reports.tick();

        Lease lease = lease();
        assertThat(lease.getMetadata().getLabels()).containsEntry("quiver.dev/function", "orders");
        assertThat(lease.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Function");
            assertThat(owner.getUid()).isEqualTo(orders.getMetadata().getUid());
        });
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(90);
        assertThat(lease.getSpec().getRenewTime().toInstant()).isEqualTo(clock.instant());
        TriggerReport failed = report(lease);
        assertThat(failed.natsConnected()).isTrue();
        assertThat(failed.triggers()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo("jetstream");
            assertThat(entry.stream()).isEqualTo("ORDERS");
            assertThat(entry.state()).isEqualTo("Failed");
            assertThat(entry.message()).contains("stream ORDERS does not exist");
        });

        connection.connection().jetStreamManagement().addStream(StreamConfiguration.builder().name("ORDERS")
                .subjects("orders.new").storageType(StorageType.File).build());
        eventually(() -> state().equals(TriggerReport.ACTIVE));
        reports.tick();

        assertThat(report(lease()).triggers()).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo("Active"));
    }

    @Test
    void countersChangeTheReportOnlyWithTheHeartbeatAndAFollowerWritesNothing() throws Exception {
        connection.connection().jetStreamManagement().addStream(StreamConfiguration.builder().name("ORDERS")
                .subjects("orders.new").storageType(StorageType.File).build());
        manager.sync(List.of(orders));
        eventually(() -> state().equals(TriggerReport.ACTIVE));
        reports.tick();
        String written = lease().getMetadata().getResourceVersion();

        connection.connection().jetStream().publish("orders.new", "{\"id\":1}".getBytes());
        eventually(() -> manager.statuses("shop", "orders").get(0).delivered() == 1);
        clock.advance(HEARTBEAT.minusSeconds(1));
        reports.tick();
        assertThat(lease().getMetadata().getResourceVersion()).as("an unchanged state is not rewritten").isEqualTo(written);

        clock.advance(Duration.ofSeconds(1));
        reports.tick();
        assertThat(report(lease()).triggers().get(0).delivered()).as("the heartbeat brings the counters").isEqualTo(1L);
        assertThat(lease().getSpec().getRenewTime().toInstant()).isEqualTo(clock.instant());

        client.leases().inNamespace("shop").withName("orders-triggers").delete();
        eventually(() -> lease() == null);
        leading.set(false);
        clock.advance(HEARTBEAT.multipliedBy(2));
        reports.tick();
        assertThat(lease()).as("only the leader reports").isNull();
    }

    private String state() {
        List<?> statuses = manager.statuses("shop", "orders");
        return statuses.isEmpty() ? "" : manager.statuses("shop", "orders").get(0).state();
    }

    private static Lease lease() {
        return client.leases().inNamespace("shop").withName("orders-triggers").get();
    }

    private static TriggerReport report(Lease lease) {
        return TriggerReport.decode(lease.getMetadata().getAnnotations().get("quiver.dev/trigger-status"));
    }

    private static Function withJetStream(String name, String stream, String subject) {
        Function function = new Function();
        function.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
        function.getSpec().image = "registry.local/" + name + "@sha256:" + "1".repeat(64);
        function.getSpec().triggers = new Triggers();
        JetStreamTrigger trigger = new JetStreamTrigger();
        trigger.stream = stream;
        trigger.subject = subject;
        function.getSpec().triggers.jetstream.add(trigger);
        return function;
    }
}
