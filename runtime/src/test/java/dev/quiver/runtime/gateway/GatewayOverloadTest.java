package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or overwhelming client can make the gateway hold is bounded: a body that trickles in is cut off
 * with 408 at the deadline, bodies held at once are bounded (503 past it), and so are requests waiting for a
 * connection to a replica (503 at once rather than an unbounded wait queue).
 */
class GatewayOverloadTest {

    private static final String V1 = "hello-00001";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void aBodyThatTricklesInIs408JsonAtTheDeadlineAndItsConnectionIsClosed() throws Exception {
        harness = GatewayHarness.start(GatewayConfig.defaults().withBodyReadTimeout(Duration.ofMillis(300)));
        harness.catalog.with(Routes.function("hello").split(V1, 100));
        Upstream upstream = harness.ready(V1, (self, request) -> request.response().end("ok"));

        try (Socket socket = slowUpload(100, 10)) {
            String reply = readToEnd(socket); // ends only when the gateway closes the connection

            assertThat(reply).startsWith("HTTP/1.1 408").contains("application/json")
                    .contains("\"error\":\"RequestTimeout\"").contains("300 ms").contains("Connection: close");
        }
        assertThat(upstream.seen).isEmpty();
        assertThat(harness.gateway.bodies.buffered()).isZero();
        assertThat(post(10).statusCode()).as("an ordinary request still passes").isEqualTo(200);
    }

    @Test
    void bodiesPastWhatTheGatewayHoldsAtOnceAre503OverloadedUntilRoomIsFree() throws Exception {
        harness = GatewayHarness.start(GatewayConfig.defaults().withMaxBodyBytes(64 * 1024)
                .withMaxBufferedBytes(64 * 1024));
        harness.catalog.with(Routes.function("hello").split(V1, 100));
        harness.ready(V1, (self, request) -> request.response().end("ok"));

        try (Socket holder = slowUpload(64 * 1024, 60 * 1024, "Connection: close\r\n")) {
            await(() -> harness.gateway.bodies.buffered() >= 60 * 1024);

            HttpResponse<String> refused = post(10 * 1024);

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("\"error\":\"Overloaded\"");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            holder.getOutputStream().write(new byte[4 * 1024]); // the rest of its body
            holder.getOutputStream().flush();
            assertThat(readToEnd(holder)).startsWith("HTTP/1.1 200");
        }
        await(() -> harness.gateway.bodies.buffered() == 0);
        assertThat(post(10 * 1024).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsWaitingForAConnectionToAReplicaAreBoundedAndTheRestRefusedAtOnce() throws Exception {
        harness = GatewayHarness.start(GatewayConfig.defaults().withQueueLimit(1).withMaxConnectionsPerEndpoint(1));
        harness.catalog.with(Routes.function("hello").split(V1, 100)); // no containerConcurrency: never queued at the gate
        Upstream upstream = Upstream.parking(harness.vertx);
        harness.platform.ready(Routes.ref(V1), upstream.endpoint());

        CompletableFuture<HttpResponse<String>> first = get();
        await(() -> upstream.inFlight.get() == 1); // it holds the one connection
        List<CompletableFuture<HttpResponse<String>>> waiting = List.of(get(), get());
        await(() -> waiting.stream().anyMatch(CompletableFuture::isDone));

        HttpResponse<String> refused = waiting.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow().get();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("\"error\":\"Overloaded\"").contains(V1);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(first).isNotDone();
        while (!first.isDone() || waiting.stream().anyMatch(call -> !call.isDone())) {
            upstream.releaseAll("done");
            Thread.sleep(5);
        }
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(waiting.stream().map(call -> call.join().statusCode())).containsExactlyInAnyOrder(200, 503);
    }

    /** A keep-alive POST that declares a body of {@code declared} bytes and sends only {@code sent} of them. */
    private Socket slowUpload(int declared, int sent) throws IOException {
        return slowUpload(declared, sent, "");
    }

    private Socket slowUpload(int declared, int sent, String moreHeaders) throws IOException {
        Socket socket = new Socket("127.0.0.1", harness.port());
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
        OutputStream out = socket.getOutputStream();
        out.write(("POST /fn/hello HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                + moreHeaders + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[sent]);
        out.flush();
        return socket;
    }

    private static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(int bytes) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.port() + "/fn/hello"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bytes])).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> get() {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.port() + "/fn/hello"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for a state the gateway must reach; fails after 10 s rather than hanging. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the expected state was not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
