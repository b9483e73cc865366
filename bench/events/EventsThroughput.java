import dev.quiver.api.ScaleSpec;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.traffic.RoutingTable;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.Triggers;
import dev.quiver.runtime.events.TriggerManager;
import dev.quiver.runtime.events.plan.TriggerStatus;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.gateway.GatewayConfig;
import dev.quiver.runtime.invoke.GatewayInvoker;
import dev.quiver.runtime.nats.NatsClient;
import dev.quiver.runtime.platform.Endpoint;
import dev.quiver.runtime.platform.Platform;
import dev.quiver.runtime.platform.RevisionRef;
import dev.quiver.runtime.routing.FunctionRoutes;
import dev.quiver.runtime.routing.RevisionSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.nats.client.JetStream;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * JetStream-triggered throughput, at least once, with a trivial function: a real {@code nats-server -js} (file
 * storage), the real {@link TriggerManager} (durable pull consumer, explicit ack after each 2xx), the real
 * {@link GatewayInvoker} and {@link Gateway} over loopback HTTP, and a trivial Vert.x function that answers 200 and
 * records each CloudEvent id. Two scenarios:
 * A first, unreported round warms the JIT up.
 * <ul>
 *   <li>backlog: N messages published first, then the trigger is bound and drains them;</li>
 *   <li>live: the trigger is bound, then N messages are published as fast as PubAcks come back.</li>
 * </ul>
 * Prints published (PubAcks received), processed (distinct ids answered 2xx), lost (published minus processed),
 * duplicates, and the throughput from the first delivery to the last acknowledgement. Never fails on timing.
 *
 * <p>Run from the repository root (see bench/events/README.md):
 * {@code java -cp "$CP" bench/events/EventsThroughput.java [messages] [maxAckPending]}
 */
public class EventsThroughput {

    private static final String REVISION = "sink-00001";

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int maxAckPending = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path store = Files.createTempDirectory("quiver-bench-nats-");
        int natsPort = freePort();
        Process server = new ProcessBuilder("nats-server", "-js", "-a", "127.0.0.1", "-p", String.valueOf(natsPort),
                "-sd", store.toString()).redirectErrorStream(true)
                .redirectOutput(store.resolve("nats.log").toFile()).start();
        awaitPort(natsPort);
        String url = "nats://127.0.0.1:" + natsPort;

        Vertx functionVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx runtimeVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Set<String> processed = ConcurrentHashMap.newKeySet();
        AtomicLong calls = new AtomicLong();
        AtomicLong firstCall = new AtomicLong();
        HttpServer function = functionVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            firstCall.compareAndSet(0, System.nanoTime());
            calls.incrementAndGet();
            processed.add(request.getHeader("ce-id"));
            request.response().putHeader("Content-Type", "application/json").end("{}");
        }));
        function.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();

        RevisionRef ref = new RevisionRef("default", "sink", REVISION);
        FunctionRoutes routes = new FunctionRoutes("default", "sink",
                RoutingTable.of(List.of(TrafficTarget.revision(REVISION, 100))),
                Map.of(REVISION, new RevisionSettings(ref, 0, Duration.ofSeconds(30), new ScaleSpec())), Set.of());
        Gateway gateway = new Gateway(runtimeVertx, name -> name.equals("sink") ? Optional.of(routes) : Optional.empty(),
                new StaticPlatform(new Endpoint("127.0.0.1", function.actualPort())), GatewayConfig.defaults());
        HttpServer gatewayServer = runtimeVertx.createHttpServer().requestHandler(gateway::handle);
        gatewayServer.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();

        NatsClient publisher = NatsClient.connect(url, "bench-publisher");
        NatsClient runtimeNats = NatsClient.connect(url, "bench-runtime");
        GatewayInvoker invoker = new GatewayInvoker(runtimeVertx, "127.0.0.1", gatewayServer.actualPort());
        while (!publisher.connected() || !runtimeNats.connected()) {
            Thread.sleep(20);
        }

        // The JIT needs a round before the numbers mean anything: a first backlog run, not reported.
        run("warmup", Math.min(messages, 20_000), maxAckPending, publisher, runtimeNats, invoker, processed, calls,
                firstCall, true);
        List<String[]> rows = new ArrayList<>();
        // Scenario 1: backlog. The stream exists first (the trigger would create it), then N messages, then bind.
        rows.add(run("backlog", messages, maxAckPending, publisher, runtimeNats, invoker, processed, calls, firstCall, true));
        rows.add(run("live", messages, maxAckPending, publisher, runtimeNats, invoker, processed, calls, firstCall, false));

        System.out.printf("%nJetStream trigger throughput, trivial function through the gateway, maxAckPending %d, %d cores%n",
                maxAckPending, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-8s %10s %10s %6s %11s %9s %12s%n", "scenario", "published", "processed", "lost",
                "duplicates", "seconds", "msg/s");
        for (String[] row : rows) {
            System.out.printf("%-8s %10s %10s %6s %11s %9s %12s%n", (Object[]) row);
        }

        invoker.close();
        publisher.close();
        runtimeNats.close();
        functionVertx.close();
        runtimeVertx.close();
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
    }

    private static String[] run(String name, int messages, int maxAckPending, NatsClient publisher, NatsClient runtimeNats,
            GatewayInvoker invoker, Set<String> processed, AtomicLong calls, AtomicLong firstCall, boolean backlogFirst)
            throws Exception {
        String stream = name.toUpperCase();
        processed.clear();
        calls.set(0);
        firstCall.set(0);
        Function fn = function("sink", stream, name, maxAckPending);
        TriggerManager manager = new TriggerManager(runtimeNats, invoker);
        JetStream js = publisher.connection().jetStream();
        publisher.connection().jetStreamManagement().addStream(StreamConfiguration.builder()
                .name(stream).subjects(name).storageType(StorageType.File).build());
        long published;
        System.out.printf("%s: %d messages...%n", name, messages);
        if (backlogFirst) {
            published = publish(js, name, messages);
            manager.sync(List.of(fn));
        } else {
            manager.sync(List.of(fn));
            awaitActive(manager);
            published = publish(js, name, messages);
        }
        String durable = "quiver-default-sink-0";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long done;
        while (true) {
            ConsumerInfo info = consumer(publisher, stream, durable);
            if (info != null && info.getNumPending() == 0 && info.getNumAckPending() == 0
                    && info.getAckFloor().getStreamSequence() >= published) {
                done = System.nanoTime();
                break;
            }
            if (System.nanoTime() > deadline) {
                done = System.nanoTime();
                System.out.println("gave up after 10 minutes: " + info);
                break;
            }
            Thread.sleep(50);
        }
        double seconds = (done - firstCall.get()) / 1e9;
        long distinct = processed.size();
        manager.close();
        return new String[] {name, String.valueOf(published), String.valueOf(distinct),
                String.valueOf(published - distinct), String.valueOf(calls.get() - distinct),
                String.format("%.2f", seconds), String.format("%,.0f", distinct / seconds)};
    }

    private static void awaitActive(TriggerManager manager) throws InterruptedException {
        while (true) {
            List<TriggerStatus> statuses = manager.statuses("default", "sink");
            if (!statuses.isEmpty() && "Active".equals(statuses.get(0).state())) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private static long publish(JetStream js, String subject, int messages) throws Exception {
        byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<PublishAck>> window = new ArrayList<>();
        long acked = 0;
        for (int i = 0; i < messages; i++) {
            window.add(js.publishAsync(subject, body));
            if (window.size() == 1000) {
                acked += settle(window);
            }
        }
        return acked + settle(window);
    }

    private static long settle(List<CompletableFuture<PublishAck>> window) {
        long acked = 0;
        for (CompletableFuture<PublishAck> ack : window) {
            try {
                ack.get(30, TimeUnit.SECONDS);
                acked++;
            } catch (Exception e) {
                System.out.println("publish failed: " + e.getMessage());
            }
        }
        window.clear();
        return acked;
    }

    private static ConsumerInfo consumer(NatsClient nats, String stream, String durable) {
        try {
            return nats.connection().jetStreamManagement().getConsumerInfo(stream, durable);
        } catch (Exception notYet) {
            return null;
        }
    }

    private static Function function(String name, String stream, String subject, int maxAckPending) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        fn.setSpec(new FunctionSpec());
        fn.getSpec().triggers = new Triggers();
        JetStreamTrigger trigger = new JetStreamTrigger();
        trigger.stream = stream;
        trigger.subject = subject;
        trigger.maxAckPending = maxAckPending;
        fn.getSpec().triggers.jetstream.add(trigger);
        return fn;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server did not start");
    }

    /** One ready replica, never scaled: the bench measures the trigger path, not the activator. */
    private record StaticPlatform(Endpoint endpoint) implements Platform {
        @Override
        public List<Endpoint> readyEndpoints(RevisionRef revision) {
            return List.of(endpoint);
        }

        @Override
        public void scale(RevisionRef revision, int replicas) {
        }

        @Override
        public void wake(RevisionRef revision) {
        }

        @Override
        public int desiredReplicas(RevisionRef revision) {
            return 1;
        }

        @Override
        public void addEndpointsListener(Consumer<RevisionRef> listener) {
        }
    }
}
