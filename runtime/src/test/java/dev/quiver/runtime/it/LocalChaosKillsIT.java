package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.runtime.it.SteadyPublisher.Tally;
import dev.quiver.standin.testing.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Chaos on the local platform while JetStream events flow at 100 a second: a replica killed, the runtime killed
 * with SIGKILL and started again, nats-server killed with SIGKILL and started again on its store. Each time every
 * published event is handled (0 lost) and the redeliveries are counted; an asynchronous invocation, whose id is its
 * idempotency key, ends with one result. The runtime runs with a 256 MiB heap and exits on an OutOfMemoryError.
 * Loopback only; a Python function, so no Maven build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalChaosKillsIT {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration DRAINED = Duration.ofMinutes(2);
    /** Events per scenario; the benchmark raises it ({@code -Dchaos.events=1000}, see bench/chaos). */
    private static final int EVENTS = Integer.getInteger("chaos.events", 300);
    private static final int RATE = 100;
    /**
     * The trigger's in-flight cap: a kill can make at most this many events be handled again, and those once more
     * when their ackWait passes while the new replica starts on a loaded machine; hence the bounds of 2 per kill.
     */
    private static final int MAX_ACK_PENDING = 8;
    /** The async worker's in-flight cap: a kill can make at most this many invocations run again. */
    private static final int ASYNC_CONCURRENCY = 4;
    private static final String STREAM = "CHAOS";
    private static final String DURABLE = "quiver-default-chaos-0";

    private static NatsServerProcess natsServer;
    private static Connection nats;
    private static LocalRuntimeProcess runtime;
    private static Path ledger;
    private static HttpServer callbacks;
    private static final Map<String, Integer> callbacksById = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        natsServer = NatsServerProcess.start();
        nats = Nats.connect(new Options.Builder().server(natsServer.url()).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(200)).build());
        callbacks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callbacks.createContext("/done", exchange -> {
            JsonNode record = RuntimeJson.json(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            if ("succeeded".equals(record.path("status").asText())) {
                callbacksById.merge(record.path("id").asText(), 1, Integer::sum);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        callbacks.start();
        Path dir = Files.createTempDirectory("quiver-chaos-");
        ledger = dir.resolve("ledger.txt");
        runtime = LocalRuntimeProcess.start(List.of(), Map.of(
                "quiver.nats.url", natsServer.url(),
                "quiver.local.retention", "0s",
                "quiver.local.readiness-deadline", "30s",
                "quiver.async.concurrency", String.valueOf(ASYNC_CONCURRENCY),
                "quiver.async.ack-wait", "3s"), Map.of(), ChaosHeap.JVM_OPTIONS);
        ChaosFunction.write(runtime.functionsDir.resolve(ChaosFunction.NAME), ledger, """
                    jetstream:
                      - {stream: %s, subject: chaos.events, createStream: true, maxDeliver: 100, ackWait: 5s,
                         maxAckPending: %d}
                """.formatted(STREAM, MAX_ACK_PENDING));
        runtime.await("chaos to answer", READY, () -> runtime.invoke("/fn/chaos", Map.of(), "{}"),
                response -> response.statusCode() == 200);
        runtime.await("chaos's trigger to be Active", READY, () -> runtime.admin("/v1/functions/chaos/triggers"),
                body -> "Active".equals(body.path("triggers").path(0).path("state").asText()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (callbacks != null) {
            callbacks.stop(0);
        }
        if (nats != null) {
            nats.close();
        }
        if (natsServer != null) {
            natsServer.close();
        }
    }

    @Test
    @Order(1)
    void killingTheReplicaTwiceWhileEventsFlowLosesNoEvent() throws Exception {
        try (SteadyPublisher publisher = SteadyPublisher.start(nats, "chaos.events", "replica-", EVENTS, RATE)) {
            awaitHandled("replica-", EVENTS / 4);
            assertThat(runtime.killFunctions()).as("replicas killed").isPositive();
            awaitHandled("replica-", EVENTS / 2);
            assertThat(runtime.killFunctions()).as("replicas killed").isPositive();

            Tally tally = drain(publisher, "replica-");

            assertThat(tally.lost()).as(tally.toString()).isZero();
            assertThat(tally.duplicates()).as(tally.toString()).isLessThanOrEqualTo(2 * 2 * MAX_ACK_PENDING);
        }
        ChaosHeap.assertServing(runtime);
    }

    @Test
    @Order(2)
    void killingTheRuntimeWhileEventsAndAsyncInvocationsFlowLosesNothingAndRepeatsNoResult() throws Exception {
        List<ProcessHandle> replicasBefore = runtime.functionProcesses();
        List<String> accepted = new ArrayList<>();
        try (SteadyPublisher publisher = SteadyPublisher.start(nats, "chaos.events", "runtime-", EVENTS, RATE)) {
            for (int i = 0; i < 24; i++) {
                accepted.add(submitAsync());
            }
            awaitHandled("runtime-", EVENTS / 4);
            runtime.killRuntimeOnly();
            runtime.startAgain();
            runtime.await("chaos to answer after the restart", READY,
                    () -> runtime.invoke("/fn/chaos", Map.of(), "{}"), response -> response.statusCode() == 200);
            assertThat(replicasBefore).as("the killed run's replicas, swept at start").noneMatch(ProcessHandle::isAlive);

            Tally tally = drain(publisher, "runtime-");

            assertThat(tally.lost()).as(tally.toString()).isZero();
            assertThat(tally.duplicates()).as(tally.toString()).isLessThanOrEqualTo(2 * MAX_ACK_PENDING);
        }
        for (String id : accepted) {
            JsonNode record = runtime.await("invocation " + id + " to succeed", DRAINED,
                    () -> RuntimeJson.json(runtime.get(Gateway.INVOCATIONS_PREFIX + id, Map.of()).body()),
                    r -> "succeeded".equals(r.path("status").asText()));
            assertThat(record.path("id").asText()).isEqualTo(id);
        }
        runtime.await("a callback for each invocation", DRAINED, () -> Set.copyOf(callbacksById.keySet()),
                ids -> ids.containsAll(accepted));
        Tally runs = Tally.of(Set.copyOf(accepted), ChaosFunction.handled(ledger));
        int repeatedCallbacks = accepted.stream().mapToInt(id -> callbacksById.get(id) - 1).sum();
        Map<String, Integer> handled = ChaosFunction.handled(ledger);
        System.out.printf("chaos: async invocations %s, repeated callbacks %d, runs %s%n", runs, repeatedCallbacks,
                accepted.stream().map(id -> handled.get(id) + "/" + callbacksById.get(id)).toList());
        assertThat(runs.lost()).isZero();
        // The kill re-runs at most the invocations in hand; a heartbeat late by more than the short ackWait (a loaded
        // machine, the new JVM starting) may re-run those once more. A finished one never runs again.
        assertThat(runs.duplicates()).as("runs again after the kill").isLessThanOrEqualTo(2 * ASYNC_CONCURRENCY);
        assertThat(repeatedCallbacks).as("results posted twice").isLessThanOrEqualTo(ASYNC_CONCURRENCY);
        ChaosHeap.assertServing(runtime);
    }

    @Test
    @Order(3)
    void killingNatsServerWhileEventsFlowLosesNoEvent() throws Exception {
        try (SteadyPublisher publisher = SteadyPublisher.start(nats, "chaos.events", "nats-", EVENTS, RATE)) {
            awaitHandled("nats-", EVENTS / 4);
            natsServer.kill();
            Thread.sleep(1_000);
            natsServer.restart();

            Tally tally = drain(publisher, "nats-");

            assertThat(tally.lost()).as(tally.toString()).isZero();
            // Acks in flight when the server died are lost with it: those events come again, and no more.
            assertThat(tally.duplicates()).as(tally.toString()).isLessThan(EVENTS);
        }
        ChaosHeap.assertServing(runtime);
    }

    private static String submitAsync() {
        HttpResponse<String> response = runtime.invoke("/fn/chaos?delayMs=400", Map.of("Prefer", "respond-async",
                "X-Callback-Url", "http://127.0.0.1:" + callbacks.getAddress().getPort() + "/done"), "{}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return RuntimeJson.json(response.body()).path("id").asText();
    }

    private static void awaitHandled(String prefix, int count) {
        runtime.await(count + " " + prefix + " events handled", DRAINED,
                () -> ChaosFunction.handled(ledger).keySet().stream().filter(id -> id.startsWith(prefix)).count(),
                handled -> handled >= count);
    }

    /** Waits for the publisher and for the consumer to have every event acknowledged, then tallies the ledger. */
    private static Tally drain(SteadyPublisher publisher, String prefix) throws InterruptedException {
        Set<String> published = publisher.awaitAll(DRAINED);
        runtime.await("every " + prefix + " event acknowledged", DRAINED, LocalChaosKillsIT::consumer,
                info -> info != null && info.getNumPending() == 0 && info.getNumAckPending() == 0);
        Tally tally = Tally.of(published, ChaosFunction.handled(ledger));
        System.out.printf("chaos: %s events %s, all acknowledged %.1f s after the first publish%n", prefix, tally,
                publisher.elapsedSeconds());
        return tally;
    }

    private static ConsumerInfo consumer() {
        try {
            return nats.jetStreamManagement().getConsumerInfo(STREAM, DURABLE);
        } catch (IOException | JetStreamApiException notNow) {
            return null;
        }
    }
}
