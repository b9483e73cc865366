package dev.quiver.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.platform.RevisionRef;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the gateway's tests over real loopback HTTP: a real upstream server per replica, a fake platform and
 * catalog, a plain HTTP client and the assertions they share.
 */
abstract class GatewayFixture {

    protected static final String V1 = "hello-00001";
    protected static final String V2 = "hello-00002";
    protected static final String FEATURE = "hello-00003";

    protected Vertx vertx;
    protected FakePlatform platform;
    protected Routes.Catalog catalog;
    protected Gateway gateway;
    protected HttpServer server;
    protected final List<Upstream> upstreams = new ArrayList<>();
    protected final Map<String, Upstream> byAnswer = new HashMap<>();
    protected final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx(vertxOptions());
        platform = new FakePlatform();
        catalog = new Routes.Catalog();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The options of the Vert.x instance that runs the gateway and the upstreams. */
    protected VertxOptions vertxOptions() {
        return new VertxOptions();
    }

    // --- harness ---

    protected static final String PAYMENTS = "payments-00001";

    /** {@code payments} in the default namespace (answers "production") and in quiver-dev ("development"). */
    protected void twoNamespacesWithPayments() throws Exception {
        catalog.with(Routes.function("payments").split(PAYMENTS, 100));
        catalog.with(Routes.function("payments").in("quiver-dev").split(PAYMENTS, 100).tag(PAYMENTS, "live"));
        readyAnswering(Routes.ref(PAYMENTS), "production");
        readyAnswering(Routes.ref("quiver-dev", PAYMENTS), "development");
    }

    protected Upstream readyAnswering(RevisionRef ref, String answer) throws Exception {
        Upstream upstream = Upstream.answering(vertx, answer);
        upstreams.add(upstream);
        byAnswer.put(answer, upstream);
        platform.ready(ref, upstream.endpoint());
        return upstream;
    }

    protected Upstream upstreamOf(String answer) {
        return byAnswer.get(answer);
    }

    protected Upstream readyAnswering(String revision) throws Exception {
        Upstream upstream = Upstream.answering(vertx, revision);
        upstreams.add(upstream);
        platform.ready(Routes.ref(revision), upstream.endpoint());
        return upstream;
    }

    protected void start(GatewayConfig config) throws Exception {
        gateway = new Gateway(vertx, catalog, platform, config);
        server = vertx.createHttpServer().requestHandler(gateway::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    protected HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    protected HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    protected HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    protected HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for a condition that the system must reach; fails after 10 s rather than hanging. */
    protected static void await(BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached in 10 s").isLessThan(giveUp);
            Thread.sleep(2);
        }
    }

    protected static void assertError(HttpResponse<String> response, int status, String error, String function,
            String revision) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        String json = response.body();
        assertThat(json).contains("\"error\":\"" + error + "\"")
                .contains("\"function\":" + (function == null ? "null" : "\"" + function + "\""))
                .contains("\"revision\":" + (revision == null ? "null" : "\"" + revision + "\""))
                .containsPattern("\"message\":\"[^\"]+\"");
        if (revision == null) {
            assertThat(response.headers().firstValue(Gateway.REVISION_HEADER)).isEmpty();
        } else {
            assertThat(response.headers().firstValue(Gateway.REVISION_HEADER)).hasValue(revision);
        }
    }

    protected static String[] with(String[] labels, String... more) {
        String[] all = Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}
