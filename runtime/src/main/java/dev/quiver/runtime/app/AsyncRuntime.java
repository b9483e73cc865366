package dev.quiver.runtime.app;

import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.async.AsyncFrontDoor;
import dev.quiver.runtime.async.AsyncMeters;
import dev.quiver.runtime.async.AsyncSettings;
import dev.quiver.runtime.async.CallbackSender;
import dev.quiver.runtime.async.HttpForwarder;
import dev.quiver.runtime.async.InvocationStore;
import dev.quiver.runtime.async.InvocationWorker;
import dev.quiver.runtime.async.RecentInvocations;
import dev.quiver.runtime.nats.NatsClient;
import dev.quiver.runtime.outbound.OutboundPolicy;
import dev.quiver.runtime.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires asynchronous invocations for the life of the runtime: a NATS connection, the store (stream and bucket,
 * made on every connection), the gateway's front door, and the worker that runs stored requests through the
 * gateway on loopback. Until NATS is reached the gateway answers asynchronous requests with 503.
 */
@Singleton
public class AsyncRuntime {

    private static final Logger LOG = Logger.getLogger(AsyncRuntime.class);

    private final QuiverConfig config;
    private final Gateway gateway;
    private final Vertx vertx;
    private final int httpPort;
    private final SharedNats sharedNats;
    private final Tracing tracing;
    private HttpForwarder forwarder;
    private CallbackSender callbacks;
    private InvocationWorker worker;
    private ExecutorService binder;
    private final MeterRegistry registry;
    private volatile RecentInvocations recent;

    AsyncRuntime(QuiverConfig config, Gateway gateway, Vertx vertx, SharedNats sharedNats,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort, MeterRegistry registry,
            Tracing tracing) {
        this.registry = registry;
        this.tracing = tracing;
        this.config = config;
        this.sharedNats = sharedNats;
        this.gateway = gateway;
        this.vertx = vertx;
        this.httpPort = httpPort;
    }

    void start(@Observes StartupEvent event) {
        QuiverConfig.Async async = config.async();
        if (!async.enabled()) {
            LOG.info("asynchronous invocations are off (quiver.async.enabled=false)");
            return;
        }
        AsyncSettings settings = new AsyncSettings(async.maxAttempts(), async.backoff(), async.maxBackoff(),
                async.concurrency(), async.retention(), async.callbackAttempts(), async.ackWait(), async.maxBodyBytes());
        Clock clock = Clock.systemUTC();
        forwarder = new HttpForwarder(vertx, "127.0.0.1", httpPort, Duration.ofMinutes(15),
                settings.maxResultBytes());
        OutboundPolicy targets = CallbackTargets.policy(PlatformSelection.isLocal(config),
                async.callbackAllow().orElse(List.of()));
        LOG.infof("asynchronous invocations: callbacks may reach %s", targets);
        callbacks = new CallbackSender(vertx, settings.callbackAttempts(), Duration.ofSeconds(1), targets,
                CallbackSender.Resolver.system(), async.callbackTimeout());
        binder = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quiver-async-binder");
            thread.setDaemon(true);
            return thread;
        });
        LOG.infof("asynchronous invocations: using NATS at %s; until it answers they get 503", config.nats().url());
        NatsClient nats = sharedNats.client();
        InvocationStore store = new InvocationStore(nats.connection(), settings, nats.streamLimits());
        recent = store.recent();
        AsyncFrontDoor frontDoor = new AsyncFrontDoor(vertx, store, clock, tracing);
        worker = async.worker() ? new InvocationWorker(store, forwarder, callbacks, clock) : null;
        AsyncMeters meters = new AsyncMeters(registry);
        frontDoor.meters(meters);
        if (worker != null) {
            worker.meters(meters);
        }
        // jnats calls listeners on its own thread; the JetStream set-up blocks, so it runs on ours
        nats.onConnected(connection -> binder.execute(() -> bind(connection, store, frontDoor)));
    }

    private void bind(Connection connection, InvocationStore store, AsyncFrontDoor frontDoor) {
        try {
            store.ensure();
        } catch (RuntimeException e) {
            LOG.errorf("asynchronous invocations are unavailable: %s", e.getMessage());
            return;
        }
        if (worker != null) {
            worker.bind(connection);
        }
        gateway.asyncInvocations(frontDoor);
    }

    /**
     * The function's asynchronous invocations this runtime accepted or ran lately, newest first, as the dashboard
     * shows them; empty while asynchronous invocations are off.
     */
    public List<Map<String, Object>> recentInvocations(String namespace, String function) {
        RecentInvocations kept = recent;
        return kept == null ? List.of() : kept.of(namespace, function).stream().map(RecentInvocations::toJson).toList();
    }

    void stop(@Observes ShutdownEvent event) {
        gateway.asyncInvocations(null);
        if (worker != null) {
            worker.close();
        }
        if (binder != null) {
            binder.shutdownNow();
        }
        if (forwarder != null) {
            forwarder.close();
        }
        if (callbacks != null) {
            callbacks.close();
        }
    }
}
