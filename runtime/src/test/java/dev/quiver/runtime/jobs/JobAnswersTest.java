package dev.quiver.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job's answer is read up to the limit, over real HTTP from a local server. */
class JobAnswersTest {

    private HttpServer server;
    private final AtomicBoolean cutOff = new AtomicBoolean();
    private final CountDownLatch served = new CountDownLatch(1);

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anAnswerLongerThanTheLimitIsReadOnlyUpToItAndTheConnectionClosed() throws Exception {
        int port = serve(256L * 1024 * 1024);

        JobAnswers.Body body = HttpClient.newHttpClient().send(request(port), JobAnswers.handler(64 * 1024)).body();

        assertThat(body.exceeded()).isTrue();
        assertThat(body.bytes()).hasSize(64 * 1024);
        assertThat(served.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cutOff).as("the server could not write the whole answer").isTrue();
    }

    @Test
    void anAnswerWithinTheLimitIsReadWhole() throws Exception {
        int port = serve(1000);

        JobAnswers.Body body = HttpClient.newHttpClient().send(request(port), JobAnswers.handler(64 * 1024)).body();

        assertThat(body.exceeded()).isFalse();
        assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo("x".repeat(1000));
    }

    @Test
    void aTooLargeResultIsA502WithAJsonError() {
        var result = JobAnswers.tooLarge(200, "job-00001", Duration.ZERO, 1);

        assertThat(result.status()).isEqualTo(502);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.contentType()).isEqualTo("application/json");
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).contains("\"error\":\"ResultTooLarge\"");
    }

    /** Serves {@code total} bytes of 'x' to every request, noting whether the client closed the connection first. */
    private int serve(long total) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            byte[] chunk = "x".repeat((int) Math.min(total, 64 * 1024)).getBytes(StandardCharsets.UTF_8);
            try (exchange) {
                exchange.sendResponseHeaders(200, 0);
                for (long sent = 0; sent < total; sent += chunk.length) {
                    exchange.getResponseBody().write(chunk);
                }
            } catch (IOException e) {
                cutOff.set(true);
            } finally {
                served.countDown();
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static HttpRequest request(int port) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
    }
}
