package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.runtime.gateway.Gateway;
import dev.quiver.standin.testing.NatsServerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and clumsy peers against the local runtime with a 256 MiB heap (it exits on an OutOfMemoryError):
 * callback receivers that answer slowly, with 1 GiB, or a byte at a time; a function whose answer to an
 * asynchronous invocation is 1 GiB; clients uploading large bodies slowly and huge bodies fast. The runtime keeps
 * serving, every record ends, and every answer a client gets is JSON. Loopback only; a Python function.
 */
class LocalChaosTrafficIT {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration ENDED = Duration.ofMinutes(2);
    private static final long MIB = 1024 * 1024;

    private static NatsServerProcess natsServer;
    private static LocalRuntimeProcess runtime;
    private static HttpServer receivers;
    private static final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "chaos-peer");
        thread.setDaemon(true);
        return thread;
    });

    @BeforeAll
    static void start() throws Exception {
        natsServer = NatsServerProcess.start();
        receivers = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receivers.setExecutor(threads);
        receivers.createContext("/slow", exchange -> {
            drain(exchange);
            pause(2_000); // slow, yet within the callback deadline of 5 s
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receivers.createContext("/huge", exchange -> {
            drain(exchange);
            stream(exchange, 1024 * MIB, 64 * 1024, 0);
        });
        receivers.createContext("/trickle", exchange -> {
            drain(exchange);
            stream(exchange, MIB, 1, 200); // a byte every 200 ms: never idle, never done
        });
        receivers.start();
        runtime = LocalRuntimeProcess.start(List.of(), Map.of(
                "quiver.nats.url", natsServer.url(),
                "quiver.local.retention", "0s",
                "quiver.local.readiness-deadline", "30s",
                "quiver.async.max-attempts", "2",
                "quiver.async.backoff", "200ms",
                "quiver.async.callback-attempts", "2",
                "quiver.async.callback-timeout", "5s"), Map.of(), ChaosHeap.JVM_OPTIONS);
        ChaosFunction.write(runtime.functionsDir.resolve(ChaosFunction.NAME),
                Files.createTempDirectory("quiver-chaos-").resolve("ledger.txt"), "");
        runtime.await("chaos to answer", READY, () -> runtime.invoke("/fn/chaos", Map.of(), "{}"),
                response -> response.statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (receivers != null) {
            receivers.stop(0);
        }
        threads.shutdownNow();
        if (natsServer != null) {
            natsServer.close();
        }
    }

    @Test
    void slowHugeAndTricklingCallbacksAndAHugeAnswerEndTheirRecordsAndTheRuntimeKeepsServing() {
        String slow = submit("/fn/chaos", "/slow");
        String huge = submit("/fn/chaos", "/huge");
        String trickle = submit("/fn/chaos", "/trickle");
        String hugeAnswer = submit("/fn/chaos?huge", "/slow");

        JsonNode slowRecord = awaitCallbackEnded(slow);
        JsonNode hugeRecord = awaitCallbackEnded(huge);
        JsonNode trickleRecord = awaitCallbackEnded(trickle);
        JsonNode hugeAnswerRecord = runtime.await("the record of a 1 GiB answer to end", ENDED, () -> record(hugeAnswer),
                r -> "failed".equals(r.path("status").asText()) || "succeeded".equals(r.path("status").asText()));

        assertThat(slowRecord.path("callback").path("state").asText()).as(slowRecord.toString()).isEqualTo("delivered");
        assertThat(hugeRecord.path("callback").path("state").asText()).as("only the answer's start is read")
                .isEqualTo("delivered");
        assertThat(trickleRecord.path("callback").path("state").asText()).as("cut at the callback deadline")
                .isEqualTo("failed");
        assertThat(trickleRecord.path("callback").path("error").asText()).isEqualTo("callback failed");
        assertThat(hugeAnswerRecord.path("status").asText()).as(hugeAnswerRecord.toString()).isEqualTo("failed");
        assertThat(hugeAnswerRecord.path("error").asText()).contains("ResultTooLarge");
        ChaosHeap.assertServing(runtime);
    }

    @Test
    void slowLargeUploadsAndHugeBodiesGetJsonAnswersOrAreCutAndTheRuntimeKeepsServing() throws Exception {
        int port = runtime.gatewayPort;
        List<CompletableFuture<RawUpload>> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // 5 MiB each at 640 KiB/s: about 8 s
            uploads.add(CompletableFuture.supplyAsync(() -> RawUpload.post(port, "/fn/chaos", 5 * MIB, false,
                    64 * 1024, 100), threads));
        }
        uploads.add(CompletableFuture.supplyAsync(() -> RawUpload.post(port, "/fn/chaos", 1024 * MIB, false,
                256 * 1024, 0), threads));
        uploads.add(CompletableFuture.supplyAsync(() -> RawUpload.post(port, "/fn/chaos", 512 * MIB, true,
                256 * 1024, 0), threads));

        HttpResponse<String> meanwhile = runtime.invoke("/fn/chaos", Map.of(), "{}");
        List<RawUpload> answers = new ArrayList<>();
        for (CompletableFuture<RawUpload> upload : uploads) {
            answers.add(upload.get(3, TimeUnit.MINUTES));
        }

        System.out.println("chaos: uploads " + answers);
        assertThat(meanwhile.statusCode()).as("a small request while the uploads go on").isEqualTo(200);
        for (RawUpload answer : answers) {
            if (answer.cut() == null) {
                JsonNode body = RuntimeJson.json(answer.body());
                assertThat(answer.status() == 200 ? body.path("id").isTextual() : body.path("error").isTextual())
                        .as("a JSON answer: " + answer).isTrue();
            }
        }
        assertThat(answers.subList(8, 10)).as("huge bodies are refused or cut").noneMatch(a -> a.status() == 200);
        ChaosHeap.assertServing(runtime);
    }

    private static String submit(String path, String callbackPath) {
        HttpResponse<String> response = runtime.invoke(path, Map.of("Prefer", "respond-async",
                "X-Callback-Url", "http://127.0.0.1:" + receivers.getAddress().getPort() + callbackPath), "{}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return RuntimeJson.json(response.body()).path("id").asText();
    }

    private static JsonNode record(String id) {
        return RuntimeJson.json(runtime.get(Gateway.INVOCATIONS_PREFIX + id, Map.of()).body());
    }

    private static JsonNode awaitCallbackEnded(String id) {
        return runtime.await("the callback of " + id + " to end", ENDED, () -> record(id), r -> {
            String state = r.path("callback").path("state").asText();
            return "delivered".equals(state) || "failed".equals(state);
        });
    }

    private static void drain(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
    }

    /** Answers 200 with a body of {@code total} bytes, {@code chunk} at a time, until the runtime hangs up. */
    private static void stream(HttpExchange exchange, long total, int chunk, long pauseMillis) {
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, total);
            byte[] block = new byte[chunk];
            for (long sent = 0; sent < total; sent += chunk) {
                out.write(block);
                if (pauseMillis > 0) {
                    out.flush();
                    pause(pauseMillis);
                }
            }
        } catch (IOException hungUp) {
            // the runtime stopped reading: what a bounded reader does
        } finally {
            exchange.close();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
