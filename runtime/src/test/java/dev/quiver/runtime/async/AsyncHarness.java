package dev.quiver.runtime.async;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.runtime.gateway.GatewayConfig;
import dev.quiver.runtime.gateway.GatewayHarness;
import dev.quiver.runtime.nats.NatsClient;
import dev.quiver.standin.testing.NatsServerProcess;
import dev.quiver.runtime.outbound.InternalAddresses;
import dev.quiver.runtime.outbound.OutboundPolicy;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The gateway with asynchronous invocations wired as the runtime wires them: a real nats-server, the store, the
 * front door and a worker replaying through the gateway over loopback. The worker can be started later, or
 * replaced, to play a runtime that restarts.
 */
final class AsyncHarness implements AutoCloseable {

    final NatsServerProcess natsServer = NatsServerProcess.start();
    final GatewayHarness gateway;
    final AsyncSettings settings;
    private NatsClient nats;
    private InvocationStore store;
    private HttpForwarder forwarder;
    private CallbackSender callbacks;
    private InvocationWorker worker;
    /** How long a function's consumer stays after its last request; tests of their removal shorten it. */
    Duration consumerIdle = Duration.ofMinutes(10);

    AsyncHarness(AsyncSettings settings) throws Exception {
        this(settings, GatewayConfig.defaults());
    }

    /** A harness whose gateway has these limits. */
    AsyncHarness(AsyncSettings settings, GatewayConfig gatewayConfig) throws Exception {
        this.settings = settings;
        this.gateway = GatewayHarness.start(gatewayConfig);
        connect();
    }

    /** The store the front door and the worker write to. */
    InvocationStore store() {
        return store;
    }

    /** Connects a fresh client, store and front door, as a starting runtime does. */
    void connect() {
        nats = NatsClient.connect(natsServer.url(), "async-test");
        store = new InvocationStore(nats.connection(), settings);
        awaitConnected();
        store.ensure();
        gateway.gateway.asyncInvocations(new AsyncFrontDoor(gateway.vertx, store, Clock.systemUTC()));
    }

    /** Starts a worker that replays through the gateway; callbacks may reach loopback, as on the local platform. */
    void startWorker() {
        startWorker(OutboundPolicy.publicOnly().plus(InternalAddresses.LOOPBACK), CallbackSender.Resolver.system());
    }

    /** Starts a worker whose callbacks follow the policy and look names up with the resolver. */
    void startWorker(OutboundPolicy callbackTargets, CallbackSender.Resolver resolver) {
        forwarder = new HttpForwarder(gateway.vertx, "127.0.0.1", gateway.port(), Duration.ofSeconds(30),
                settings.maxResultBytes());
        callbacks = new CallbackSender(gateway.vertx, settings.callbackAttempts(), Duration.ofMillis(50),
                callbackTargets, resolver);
        worker = new InvocationWorker(store, forwarder, callbacks, Clock.systemUTC(), consumerIdle);
        nats.onConnected(worker::bind);
    }

    /** The running worker, or null. */
    InvocationWorker worker() {
        return worker;
    }

    /** The NATS connection of the runtime being played, to look at the stream and the bucket. */
    Connection connection() {
        return nats.connection();
    }

    /** Stops the worker, the front door and the NATS client, as a stopping runtime does. */
    void disconnect() {
        gateway.gateway.asyncInvocations(null);
        if (worker != null) {
            worker.close();
            forwarder.close();
            callbacks.close();
            worker = null;
        }
        nats.close();
    }

    /** Submits a POST that asks to run asynchronously; returns the 202's JSON. */
    JsonNode submit(String path, Map<String, String> headers, String body) {
        var all = new HashMap<>(headers);
        all.putIfAbsent("Prefer", "respond-async");
        all.putIfAbsent("Content-Type", "application/json");
        var response = gateway.send("POST", path, all, body);
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        JsonNode json = json(response.body());
        if (!response.headers().firstValue("Location").orElse("").equals(json.path("location").asText())) {
            throw new AssertionError("the Location header differs from the body's location: " + response.headers());
        }
        return json;
    }

    /** GET of a status record. */
    HttpResponse<String> status(String location, Map<String, String> headers) {
        return gateway.send("GET", location, headers, null);
    }

    /** Polls the status record until the check passes; fails after 90 s (a loaded machine can be slow; nothing here measures time). */
    JsonNode awaitRecord(String location, Predicate<JsonNode> check) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            var response = status(location, Map.of());
            if (response.statusCode() == 200) {
                last = json(response.body());
                if (check.test(last)) {
                    return last;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the record of " + location + " did not reach the expected state; last " + last);
    }

    static JsonNode json(String text) {
        try {
            return InvocationStore.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private void awaitConnected() {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!nats.connected()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no NATS connection to " + natsServer.url());
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        disconnect();
        gateway.close();
        natsServer.close();
    }
}
