package dev.quiver.functions.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.quiver.functions.sdk.testing.FunctionProcess;
import org.junit.jupiter.api.Test;

/** The runtime's contract with a function process, checked on the real built jar (docs/function-contract.md). */
class ProcessContractIT {

    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void servesOnThePortFromTheEnvironmentWithRevisionFromTheRuntime() throws Exception {
        try (FunctionProcess fn = FunctionProcess.start("port-it", Map.of("QUIVER_REVISION", "hello-00003"))) {
            fn.awaitReady(START);

            HttpResponse<String> live = fn.get("/health/live");
            HttpResponse<String> reply = fn.post("/", "{\"name\":\"runtime\"}");

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).contains("\"greeting\":\"Hello, runtime!\"").contains("\"revision\":\"hello-00003\"");
        }
    }

    @Test
    void sigtermStopsReadinessFinishesTheRequestInFlightAndExits() throws Exception {
        try (FunctionProcess fn = FunctionProcess.start("drain-it", Map.of("QUIVER_DRAIN_TIMEOUT", "20s"))) {
            fn.awaitReady(START);
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return fn.post("/hello", "{\"name\":\"slow\",\"delayMs\":3000}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRequestArrived(fn, inFlight);

            fn.process().destroy(); // SIGTERM, as the runtime and the kubelet send it

            int readiness = readinessWhileDraining(fn, inFlight);
            HttpResponse<String> slow = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(readiness).as("readiness while draining").isEqualTo(503);
            assertThat(slow.statusCode()).isEqualTo(200);
            assertThat(slow.body()).contains("Hello, slow!");
            assertThat(fn.process().waitFor(30, TimeUnit.SECONDS)).as("process exited after draining").isTrue();
        }
    }

    /** The function logs when it starts holding a request; wait for that line so SIGTERM surely finds it in flight. */
    private static void awaitRequestArrived(FunctionProcess fn, CompletableFuture<?> inFlight) throws Exception {
        while (!Files.readString(fn.log()).contains("holding the request")) {
            assertThat(inFlight).as("the slow request is still in flight").isNotDone();
            Thread.sleep(10);
        }
    }

    /** Probes readiness until it answers something other than 200, while the slow request is still running. */
    private static int readinessWhileDraining(FunctionProcess fn, CompletableFuture<?> inFlight) throws Exception {
        while (!inFlight.isDone()) {
            try {
                int status = fn.get("/health/ready").statusCode();
                if (status != 200) {
                    return status;
                }
            } catch (IOException closed) {
                return -1; // the server stopped listening: not the drain we want
            }
            Thread.sleep(20);
        }
        return 0; // the request finished before readiness ever turned
    }
}
