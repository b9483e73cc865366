package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard of the built runtime on the local platform, over real HTTP: one {@code spec.run} Python function
 * with two revisions; the dashboard lists it, moves 90/10 of its traffic, invokes it through the gateway and counts
 * that call in its metrics, with the admin token the runtime keeps in its work folder.
 */
class DashboardRuntimeIT {

    private static final Duration READY = Duration.ofSeconds(90);

    /** Answers every request with its revision and greeting. */
    private static final String SERVER = """
            import http.server, os

            class Handler(http.server.BaseHTTPRequestHandler):
                def answer(self):
                    body = (os.environ["QUIVER_REVISION"] + " " + os.environ.get("GREETING", "")).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def do_GET(self):
                    self.answer()

                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    self.answer()

                def log_message(self, *args):
                    pass

            print("dash is listening", flush=True)
            http.server.ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
            """;

    private static LocalRuntimeProcess runtime;

    @BeforeAll
    static void startRuntimeWithTwoRevisions() throws IOException {
        runtime = LocalRuntimeProcess.start(List.of(), Map.of("quiver.local.readiness-deadline", "30s"));
        Path folder = Files.createDirectories(runtime.functionsDir.resolve("dash"));
        Files.writeString(folder.resolve("server.py"), SERVER);
        write("one");
        awaitServedBy("dash-00001 one");
        write("two");
        awaitServedBy("dash-00002 two");
    }

    @AfterAll
    static void stopRuntime() throws IOException {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void listsTheFunctionsWithTheirStatusAsTheAdminApiDoes() {
        HttpResponse<String> reply = runtime.dashboard("GET", "/api/v1/functions", null);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode dash = RuntimeJson.json(reply.body()).path("items").get(0);
        assertThat(dash.path("metadata").path("name").asText()).isEqualTo("dash");
        assertThat(dash.path("status").path("latestReadyRevisionName").asText()).isEqualTo("dash-00002");
        assertThat(RuntimeJson.json(runtime.dashboard("GET", "/api/v1/functions/dash/revisions", null).body())
                .path("items").findValuesAsText("name")).contains("dash-00001", "dash-00002");
        assertThat(runtime.log()).contains("Dashboard on http://127.0.0.1:" + runtime.dashboardPort);
    }

    @Test
    void refusesTheApiWithoutTheTokenButServesTheLoginRedirect() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + runtime.dashboardPort + "/api/v1/functions")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + runtime.dashboardPort + "/?token=" + runtime.adminToken())).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("quiver_dashboard=");
    }

    @Test
    void trafficMovedToNinetyTenShowsInTheFunctionsStatusAndRouting() {
        HttpResponse<String> put = runtime.dashboard("PUT", "/api/v1/functions/dash/traffic",
                "[{\"revisionName\":\"dash-00001\",\"percent\":90},{\"revisionName\":\"dash-00002\",\"percent\":10}]");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode function = RuntimeJson.json(runtime.dashboard("GET", "/api/v1/functions/dash", null).body());
        assertThat(percentOf(function, "dash-00001")).isEqualTo(90);
        assertThat(percentOf(function, "dash-00002")).isEqualTo(10);
        assertThat(percentOf(runtime.admin("/v1/functions/dash"), "dash-00001")).as("the admin API agrees").isEqualTo(90);
        HttpResponse<String> unknown = runtime.dashboard("PUT", "/api/v1/functions/dash/traffic",
                "[{\"revisionName\":\"dash-00009\",\"percent\":100}]");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(RuntimeJson.json(unknown.body()).path("error").asText()).isEqualTo("InvalidTraffic");
    }

    @Test
    void anInvocationFromTheDashboardGoesThroughTheGatewayAndIsCountedInItsMetrics() {
        long before = requests();

        HttpResponse<String> invoked = runtime.dashboard("POST", "/api/v1/functions/dash/invoke", "{\"name\":\"Ada\"}");

        assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
        JsonNode answer = RuntimeJson.json(invoked.body());
        String revision = answer.path("revision").asText();
        assertThat(revision).isIn("dash-00001", "dash-00002");
        assertThat(answer.path("status").asInt()).isEqualTo(200);
        assertThat(answer.path("body").asText()).isEqualTo(revision + (revision.equals("dash-00001") ? " one" : " two"));
        assertThat(answer.path("headers").path("x-quiver-revision").asText()).isEqualTo(revision);
        assertThat(requests()).as("the gateway counted the call").isEqualTo(before + 1);
        JsonNode metrics = RuntimeJson.json(runtime.dashboard("GET", "/api/v1/metrics", null).body());
        assertThat(metrics.path("bucketBounds").size()).isPositive();
        for (JsonNode item : metrics.path("revisions")) {
            assertThat(item.path("latencyBuckets").size()).isEqualTo(metrics.path("bucketBounds").size() + 1);
        }
    }

    @Test
    void logsOfTheLatestRevisionAreItsLastLines() {
        HttpResponse<String> reply = runtime.dashboard("GET", "/api/v1/functions/dash/logs?tail=20", null);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode body = RuntimeJson.json(reply.body());
        assertThat(body.path("revision").asText()).isEqualTo("dash-00002");
        assertThat(body.path("lines").toString()).contains("dash is listening");
    }

    /** The gateway's count of replies of every revision of dash, as the dashboard's metrics show it. */
    private static long requests() {
        JsonNode metrics = RuntimeJson.json(runtime.dashboard("GET", "/api/v1/metrics", null).body());
        long total = 0;
        for (JsonNode item : metrics.path("revisions")) {
            if ("dash".equals(item.path("function").asText())) {
                total += item.path("requests").asLong();
            }
        }
        return total;
    }

    private static void write(String greeting) throws IOException {
        Files.writeString(runtime.functionsDir.resolve("dash").resolve("function.yaml"), """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: dash
                spec:
                  run: "python3 server.py"
                  template:
                    scale: {min: 1, max: 1}
                    env:
                      - {name: GREETING, value: "%s"}
                """.formatted(greeting));
    }

    private static void awaitServedBy(String body) {
        runtime.await("dash to answer '" + body + "'", READY, () -> runtime.invoke("/fn/dash", Map.of(), "{}"),
                response -> response.statusCode() == 200 && response.body().equals(body));
    }

    /** The percent of the function's traffic on the revision (0 when no target names it). */
    private static int percentOf(JsonNode function, String revision) {
        int percent = 0;
        for (JsonNode target : function.path("status").path("traffic")) {
            if (revision.equals(target.path("revisionName").asText()) && target.path("match").isMissingNode()) {
                percent += target.path("percent").asInt();
            }
        }
        return percent;
    }
}
