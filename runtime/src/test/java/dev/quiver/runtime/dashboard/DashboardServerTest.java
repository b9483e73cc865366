package dev.quiver.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.runtime.gateway.RevisionSnapshot;
import dev.quiver.runtime.platform.RevisionRef;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard over real HTTP on loopback, against an in-memory source and a stand-in gateway: its guards (token,
 * Host, Origin, CSRF header), its JSON answers and errors, its static files and the invoke call it makes.
 */
class DashboardServerTest {

    private static final String TOKEN = "t0ken-for-the-dashboard-test-0123456789";

    private Vertx vertx;
    private FakeSource source;
    private DashboardServer dashboard;
    private HttpServer gateway;
    private final AtomicReference<MultiMap> gatewayHeaders = new AtomicReference<>();
    private final AtomicReference<String> gatewayCall = new AtomicReference<>();
    private volatile List<RevisionSnapshot> snapshots = List.of();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        gateway = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            gatewayHeaders.set(request.headers());
            gatewayCall.set(request.method() + " " + request.uri() + " " + body.toString());
            request.response().putHeader("Content-Type", "text/plain").putHeader("X-Quiver-Revision", "hello-00002")
                    .setStatusCode(201).end("hi " + body);
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        source = new FakeSource();
        dashboard = DashboardServer.start(vertx, source, () -> snapshots,
                new DashboardServer.Settings("127.0.0.1", 0, DashboardToken.of(TOKEN), gateway.actualPort(), 10_000));
    }

    @AfterEach
    void stop() {
        dashboard.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void apiRefusesARequestWithoutTheTokenWithJson401() {
        HttpResponse<String> reply = send(request("/api/v1/functions").GET());

        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(json(reply).path("error").asText()).isEqualTo("Unauthorized");
        assertThat(json(reply).path("message").asText()).contains("quiver dev");
    }

    @Test
    void apiRefusesAWrongToken() {
        assertThat(send(request("/api/v1/functions").header("Authorization", "Bearer not-the-token").GET())
                .statusCode()).isEqualTo(401);
        assertThat(send(request("/api/v1/functions").header("Cookie", DashboardGuards.COOKIE + "=nope").GET())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void apiAcceptsTheTokenAsBearerHeaderOrAsCookie() {
        HttpResponse<String> bearer = send(authorized("/api/v1/functions").GET());
        HttpResponse<String> cookie = send(request("/api/v1/functions")
                .header("Cookie", DashboardGuards.COOKIE + "=" + TOKEN).GET());

        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(cookie.statusCode()).isEqualTo(200);
        assertThat(json(bearer).path("items").get(0).path("metadata").path("name").asText()).isEqualTo("hello");
        assertThat(json(bearer).path("items").get(0).path("status").path("latestReadyRevisionName").asText())
                .isEqualTo("hello-00002");
        assertThat(bearer.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void loginLinkSetsAnHttpOnlyStrictCookieAndRedirectsToTheBareUrl() {
        HttpResponse<String> reply = send(request("/?token=" + TOKEN).GET());

        assertThat(reply.statusCode()).isEqualTo(303);
        assertThat(reply.headers().firstValue("Location")).hasValue("/");
        String cookie = reply.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(DashboardGuards.COOKIE + "=" + TOKEN).containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict").contains("Path=/");
        assertThat(reply.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void loginLinkWithAWrongTokenRedirectsWithoutACookie() {
        HttpResponse<String> reply = send(request("/?token=wrong").GET());

        assertThat(reply.statusCode()).isEqualTo(303);
        assertThat(reply.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void refusesAForeignHostAsInDnsRebindingEvenForStaticFiles() {
        String api = raw("GET /api/v1/functions HTTP/1.1\r\nHost: attacker.example:" + dashboard.port()
                + "\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n");
        String index = raw("GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");

        assertThat(api).startsWith("HTTP/1.1 403").contains("\"error\":\"Forbidden\"").contains("attacker.example");
        assertThat(index).startsWith("HTTP/1.1 403");
    }

    @Test
    void answersLoopbackHostNames() {
        for (String host : List.of("localhost", "127.0.0.1", "[::1]")) {
            String reply = raw("GET /api/v1/functions HTTP/1.1\r\nHost: " + host + ":" + dashboard.port()
                    + "\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n");
            assertThat(reply).as(host).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void refusesACrossOriginRequest() {
        HttpResponse<String> reply = send(authorized("/api/v1/functions").header("Origin", "https://evil.example").GET());

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(json(reply).path("message").asText()).contains("cross-origin");
    }

    @Test
    void mutatingRequestWithoutTheCsrfHeaderIsRefusedAndNothingChanges() {
        HttpResponse<String> reply = send(authorized("/api/v1/functions/hello/traffic")
                .PUT(HttpRequest.BodyPublishers.ofString("[{\"revisionName\":\"hello-00001\",\"percent\":100}]")));

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(json(reply).path("message").asText()).contains(DashboardGuards.CSRF_HEADER);
        assertThat(source.lastTraffic).isNull();
    }

    @Test
    void trafficChangeReachesTheSourceAndAnswersTheFunction() {
        HttpResponse<String> reply = send(mutating("/api/v1/functions/hello/traffic").PUT(HttpRequest.BodyPublishers
                .ofString("[{\"revisionName\":\"hello-00001\",\"percent\":90},{\"latestRevision\":true,\"percent\":10}]")));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(source.lastTraffic).hasSize(2);
        assertThat(source.lastTraffic.get(0).percent).isEqualTo(90);
        assertThat(json(reply).path("status").path("traffic").get(1).path("latestRevision").asBoolean()).isTrue();
    }

    @Test
    void malformedTrafficIsA400InvalidTrafficThatShowsAnExample() {
        HttpResponse<String> reply = send(mutating("/api/v1/functions/hello/traffic")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"percent\":")));

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(json(reply).path("error").asText()).isEqualTo("InvalidTraffic");
        assertThat(json(reply).path("message").asText()).contains("hello-00001");
    }

    @Test
    void trafficToAnUnknownRevisionIsA400WithItsProblem() {
        HttpResponse<String> reply = send(mutating("/api/v1/functions/hello/traffic")
                .PUT(HttpRequest.BodyPublishers.ofString("[{\"revisionName\":\"hello-00009\",\"percent\":100}]")));

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(json(reply).path("problems").get(0).path("path").asText()).isEqualTo("spec.traffic[0].revisionName");
    }

    @Test
    void unknownFunctionIsA404NotFound() {
        HttpResponse<String> reply = send(authorized("/api/v1/functions/nope").GET());

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(json(reply).path("error").asText()).isEqualTo("NotFound");
        assertThat(json(reply).path("function").asText()).isEqualTo("nope");
        assertThat(send(authorized("/api/v1/functions/hello?namespace=other").GET()).statusCode()).isEqualTo(404);
        assertThat(send(authorized("/api/v1/nothing-here").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void revisionsTriggersJobsAndInvocationsAnswerJson() {
        assertThat(json(send(authorized("/api/v1/functions/hello/revisions").GET())).path("items").findValuesAsText("name"))
                .containsExactly("hello-00001", "hello-00002");
        JsonNode triggers = json(send(authorized("/api/v1/functions/hello/triggers").GET()));
        assertThat(triggers.path("triggers").get(0).path("subject").asText()).isEqualTo("orders.created");
        assertThat(json(send(authorized("/api/v1/functions/hello/jobs").GET())).path("running").asInt()).isZero();
        assertThat(json(send(authorized("/api/v1/functions/hello/invocations").GET())).path("items").isArray()).isTrue();
        source.functions.clear();
        assertThat(json(send(authorized("/api/v1/functions").GET())).path("items").isArray()).isTrue();
        assertThat(json(send(authorized("/api/v1/info").GET())).path("defaultNamespace").asText()).isEqualTo("default");
    }

    @Test
    void logsAnswerTheLastLinesAsAsked() {
        source.logText = "one\ntwo\nthree\nfour\n";

        JsonNode body = json(send(authorized("/api/v1/functions/hello/logs?tail=2").GET()));

        assertThat(body.path("lines").findValuesAsText("")).isEmpty();
        assertThat(body.path("lines").get(0).asText()).isEqualTo("three");
        assertThat(body.path("lines").get(1).asText()).isEqualTo("four");
        assertThat(body.path("revision").asText()).isEqualTo("hello-00002");
        assertThat(send(authorized("/api/v1/functions/hello/logs?tail=zero").GET()).statusCode()).isEqualTo(400);
    }

    @Test
    void logsThePlatformDoesNotServeAreA501NotSupported() {
        source.logsSupported = false;

        HttpResponse<String> reply = send(authorized("/api/v1/functions/hello/logs").GET());

        assertThat(reply.statusCode()).isEqualTo(501);
        assertThat(json(reply).path("error").asText()).isEqualTo("NotSupported");
        assertThat(json(reply).path("message").asText()).contains("quiver logs hello");
    }

    @Test
    void metricsAreTheGatewaysCountersWithTheirBucketBounds() {
        long[] buckets = new long[RevisionSnapshot.bucketBounds().length + 1];
        buckets[3] = 7;
        snapshots = List.of(new RevisionSnapshot(new RevisionRef("default", "hello", "hello-00002"), 9, 1, 1, buckets,
                1, 0.75, 2, 0, 0));

        JsonNode body = json(send(authorized("/api/v1/metrics").GET()));

        assertThat(body.path("time").asLong()).isPositive();
        assertThat(body.path("bucketBounds").size()).isEqualTo(RevisionSnapshot.bucketBounds().length);
        JsonNode revision = body.path("revisions").get(0);
        assertThat(revision.path("revision").asText()).isEqualTo("hello-00002");
        assertThat(revision.path("requests").asLong()).isEqualTo(9);
        assertThat(revision.path("errors").asLong()).isEqualTo(1);
        assertThat(revision.path("timeouts").asLong()).isEqualTo(1);
        assertThat(revision.path("latencyBuckets").size()).isEqualTo(buckets.length);
        assertThat(revision.path("latencyBuckets").get(3).asLong()).isEqualTo(7);
        assertThat(revision.path("coldStartSeconds").asDouble()).isEqualTo(0.75);
        assertThat(revision.path("readyReplicas").asInt()).isEqualTo(2);
        JsonNode trigger = body.path("triggers").get(0);
        assertThat(trigger.path("function").asText()).isEqualTo("hello");
        assertThat(trigger.path("pending").asLong()).isEqualTo(3);
        assertThat(trigger.path("deadLetters").asLong()).isEqualTo(1);
        assertThat(trigger.path("delivered").asLong()).isEqualTo(10);
    }

    @Test
    void invokeCallsTheGatewayWithTheBodyAndContentTypeButNotTheToken() {
        HttpResponse<String> reply = send(mutating("/api/v1/functions/hello/invoke?path=/greet")
                .header("Content-Type", "application/json").header("Cookie", DashboardGuards.COOKIE + "=" + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode body = json(reply);
        assertThat(body.path("status").asInt()).isEqualTo(201);
        assertThat(body.path("body").asText()).isEqualTo("hi {\"name\":\"Ada\"}");
        assertThat(body.path("revision").asText()).isEqualTo("hello-00002");
        assertThat(body.path("headers").path("content-type").asText()).isEqualTo("text/plain");
        assertThat(body.path("millis").isNumber()).isTrue();
        assertThat(gatewayCall.get()).isEqualTo("POST /fn/hello/greet {\"name\":\"Ada\"}");
        assertThat(gatewayHeaders.get().get("Content-Type")).isEqualTo("application/json");
        assertThat(gatewayHeaders.get().get("Authorization")).isNull();
        assertThat(gatewayHeaders.get().get("Cookie")).isNull();
    }

    @Test
    void invokeOfAnUnknownFunctionIsA404AndCallsNothing() {
        HttpResponse<String> reply = send(mutating("/api/v1/functions/nope/invoke").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(gatewayCall.get()).isNull();
    }

    @Test
    void aBodyOverOneMebibyteIsA413TooLarge() {
        byte[] big = new byte[(int) DashboardServer.MAX_BODY_BYTES + 1];

        HttpResponse<String> reply = send(mutating("/api/v1/functions/hello/invoke")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));

        assertThat(reply.statusCode()).isEqualTo(413);
        assertThat(json(reply).path("error").asText()).isEqualTo("TooLarge");
        assertThat(gatewayCall.get()).isNull();
    }

    @Test
    void staticFilesAreServedWithoutATokenWithTheirContentTypes() {
        HttpResponse<String> index = send(request("/").GET());
        HttpResponse<String> script = send(request("/app.js").GET());

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(index.body()).contains("Quiver dashboard");
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void staticFilesNeverLeaveTheirFolderNorListIt() {
        for (String path : List.of("/../application.properties", "/%2e%2e/application.properties",
                "/..%2fapplication.properties", "/dashboard/index.html", "/nothing.js", "/META-INF/")) {
            String reply = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(reply).as(path).doesNotStartWith("HTTP/1.1 200");
            assertThat(reply).as(path).doesNotContain("quarkus.http.port");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpRequest.Builder authorized(String path) {
        return request(path).header("Authorization", "Bearer " + TOKEN);
    }

    private HttpRequest.Builder mutating(String path) {
        return authorized(path).header(DashboardGuards.CSRF_HEADER, "1");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request written byte for byte (the JDK client will not send a foreign Host header); the whole reply. */
    private String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", dashboard.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> reply) {
        try {
            return ApiJson.json().readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + reply.body(), e);
        }
    }

}
