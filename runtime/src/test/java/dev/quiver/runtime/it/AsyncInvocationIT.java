package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.standin.testing.NatsServerProcess;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real runtime with a real nats-server and the {@code hello} sample behind an API key: the key is enforced
 * and never logged, and an asynchronous invocation accepted by one run of the runtime is run by the next one and
 * reaches its callback.
 */
class AsyncInvocationIT {

    private static final Duration FIRST_BUILD = Duration.ofMinutes(6);
    private static final Duration READY = Duration.ofSeconds(90);
    private static final String KEY = "it-key-7f3a9c1e5b";

    private static NatsServerProcess nats;
    private static LocalRuntimeProcess runtime;
    private static HttpServer callback;
    private static final List<String> callbacks = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServerProcess.start();
        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/done", exchange -> {
            callbacks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        callback.start();
        // the first run only accepts asynchronous requests: what it accepts must wait for the next run
        runtime = LocalRuntimeProcess.start(List.of("hello"), settings(false));
        Files.writeString(runtime.functionsDir.resolve("hello").resolve(".apikey"), KEY + "\n");
        runtime.writeFunctionYaml("hello", """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: hello
                spec:
                  template:
                    timeoutSeconds: 30
                  triggers:
                    http:
                      auth: ApiKey
                      apiKeySecret: {name: hello-keys, key: HELLO_API_KEY}
                """);
        runtime.await("hello to be Ready", FIRST_BUILD, () -> runtime.admin("/v1/functions/hello"),
                fn -> "True".equals(RuntimeJson.condition(fn, "Ready")));
        runtime.await("hello to need its key", READY, () -> runtime.invoke("/fn/hello", Map.of(), "{}"),
                response -> response.statusCode() == 401);
    }

    private static Map<String, String> settings(boolean worker) {
        return Map.of("quiver.nats.url", nats.url(), "quiver.async.worker", Boolean.toString(worker),
                "quiver.local.retention", "0s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (callback != null) {
            callback.stop(0);
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void apiKeyIsEnforcedAndAsyncInvocationSurvivesARuntimeRestartAndReachesItsCallback() throws Exception {
        HttpResponse<String> without = runtime.invoke("/fn/hello", Map.of(), "{\"name\":\"it\"}");
        HttpResponse<String> wrong = runtime.invoke("/fn/hello", Map.of("Authorization", "Bearer not-" + KEY), "{}");
        HttpResponse<String> right = runtime.invoke("/fn/hello", Map.of("Authorization", "Bearer " + KEY),
                "{\"name\":\"it\"}");
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        assertThat(RuntimeJson.json(right.body()).path("greeting").asText()).isEqualTo("Hello, it!");

        HttpResponse<String> accepted = runtime.invoke("/fn/hello", Map.of("Authorization", "Bearer " + KEY,
                "Prefer", "respond-async", "X-Callback-Url", "http://127.0.0.1:" + callback.getAddress().getPort()
                        + "/done"), "{\"name\":\"later\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        Map<String, String> withKey = Map.of("Authorization", "Bearer " + KEY);
        assertThat(RuntimeJson.json(runtime.get(location, withKey).body()).path("status").asText())
                .isEqualTo("queued");

        runtime.restart(settings(true));

        String posted = runtime.await("the callback", READY, () -> callbacks.isEmpty() ? null : callbacks.get(0),
                body -> body != null);
        JsonNode record = RuntimeJson.json(posted);
        assertThat(record.path("id").asText()).isEqualTo(location.substring(location.lastIndexOf('/') + 1));
        assertThat(record.path("status").asText()).as(posted).isEqualTo("succeeded");
        assertThat(RuntimeJson.json(record.path("response").path("body").asText()).path("greeting").asText())
                .isEqualTo("Hello, later!");
        JsonNode status = runtime.await("the record to show the callback", READY,
                () -> RuntimeJson.json(runtime.get(location, withKey).body()),
                r -> "delivered".equals(r.path("callback").path("state").asText()));
        assertThat(status.toString()).doesNotContain(KEY);
        assertThat(runtime.log()).contains("asynchronous invocations").doesNotContain(KEY);
    }
}
