package dev.quiver.runtime.events;

import static dev.quiver.api.testing.FunctionFixture.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.nats.NatsAccess;
import dev.quiver.runtime.async.AsyncSettings;
import dev.quiver.runtime.async.InvocationStore;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.nats.NatsClient;
import dev.quiver.standin.testing.NatsServerProcess;
import dev.quiver.runtime.nats.StreamLimits;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StreamConfiguration;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every stream the runtime creates is bounded, and a full one refuses new messages instead of dropping old ones. */
class StreamLimitsIT {

    private static final StreamLimits LIMITS = new StreamLimits(Duration.ofHours(1), 8 * 1024, 100, 4 * 1024);

    private NatsServerProcess server;
    private Vertx vertx;
    private NatsClient nats;

    @BeforeEach
    void start() {
        server = NatsServerProcess.start();
        vertx = Vertx.vertx();
        nats = NatsClient.connect(server.url(), "limits-test", NatsAccess.NONE, LIMITS);
        TriggerHarness.await("NATS to connect", nats::connected, () -> "disconnected");
    }

    @AfterEach
    void stop() {
        nats.close();
        vertx.close();
        server.close();
    }

    @Test
    void triggerStreamAndDeadLetterStreamAreCreatedWithTheLimitsAndRefuseMessagesWhenFull() throws Exception {
        try (EventFunction fn = EventFunction.start(event -> 200);
                GatewayInvoker invoker = new GatewayInvoker(vertx, "127.0.0.1", fn.port());
                TriggerManager manager = new TriggerManager(nats, invoker)) {
            manager.sync(List.of(function("orders").jetstream("ORDERS", "orders.>", 3, "30s").build()));
            TriggerHarness.await("the trigger to be active", () -> manager.statuses("default", "orders").stream()
                    .allMatch(s -> "Active".equals(s.state())) && !manager.statuses("default", "orders").isEmpty(),
                    () -> manager.statuses("default", "orders"));

            for (String stream : List.of("ORDERS", JetStreamSetup.DLQ_STREAM)) {
                StreamConfiguration config = nats.connection().jetStreamManagement().getStreamInfo(stream).getConfiguration();
                assertThat(config.getMaxAge()).as(stream).isEqualTo(Duration.ofHours(1));
                assertThat(config.getMaxBytes()).as(stream).isEqualTo(8 * 1024);
                assertThat(config.getMaxMsgs()).as(stream).isEqualTo(100);
                assertThat(config.getMaximumMessageSize()).as(stream).isEqualTo(4 * 1024);
                assertThat(config.getDiscardPolicy()).as(stream).isEqualTo(DiscardPolicy.New);
            }
            var jetStream = nats.connection().jetStream();
            assertThatThrownBy(() -> jetStream.publish("orders.big", new byte[5 * 1024]))
                    .as("a message over the size limit is refused").isInstanceOf(JetStreamApiException.class);
            jetStream.publish("orders.new", new byte[3 * 1024]);
            jetStream.publish("orders.new", new byte[3 * 1024]);
            assertThatThrownBy(() -> jetStream.publish("orders.new", new byte[3 * 1024]))
                    .as("a full stream tells the publisher").isInstanceOf(JetStreamApiException.class)
                    .hasMessageContaining("maximum bytes exceeded");
        }
    }

    @Test
    void storeOfAsynchronousRequestsIsBoundedAndRefusesWhenFull() {
        InvocationStore store = new InvocationStore(nats.connection(), AsyncSettings.defaults(), LIMITS);
        store.ensure();

        StreamConfiguration requests = streamConfig(InvocationStore.STREAM);
        assertThat(requests.getMaxBytes()).isEqualTo(8 * 1024);
        assertThat(requests.getMaxMsgs()).isEqualTo(100);
        assertThat(requests.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
        assertThat(requests.getMaxAge()).isEqualTo(AsyncSettings.defaults().retention());
        assertThat(streamConfig("KV_" + InvocationStore.BUCKET).getMaxBytes()).isEqualTo(8 * 1024);
    }

    private StreamConfiguration streamConfig(String stream) {
        try {
            return nats.connection().jetStreamManagement().getStreamInfo(stream).getConfiguration();
        } catch (Exception e) {
            throw new AssertionError("no stream " + stream, e);
        }
    }
}
