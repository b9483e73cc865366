package dev.quiver.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import dev.quiver.cli.CliException;
import dev.quiver.cli.ExitCodes;
import dev.quiver.cli.view.EventStatus;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's admin API ({@code /v1/functions…}) as Java calls. Failures become {@link CliException}s that
 * say what to do: no runtime listening, or the runtime's own error message and problems.
 */
public final class AdminClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;
    private final Path tokenFile;

    /** A client of the admin API at the given base URL, e.g. {@code http://127.0.0.1:8081}, sending no token. */
    public AdminClient(URI base) {
        this(base, null);
    }

    /**
     * A client of the admin API at the given base URL that sends the token in the file, read at each request (the
     * runtime writes it as it starts); none when there is no such file.
     *
     * @param tokenFile the runtime's {@code .quiver/admin-token}, or null for none
     */
    public AdminClient(URI base, Path tokenFile) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.tokenFile = tokenFile;
    }

    /** Every function the runtime knows. */
    public List<Function> functions() {
        return items(get("v1/functions"), Function.class);
    }

    /** One function; a {@link CliException} when there is none of that name. */
    public Function function(String name) {
        return read(get("v1/functions/" + encode(name)), Function.class);
    }

    /** A function's revisions. */
    public List<FunctionRevision> revisions(String name) {
        return items(get("v1/functions/" + encode(name) + "/revisions"), FunctionRevision.class);
    }

    /** Replaces a function's traffic; returns the function as the runtime now has it. */
    public Function putTraffic(String name, List<TrafficTarget> traffic) {
        HttpRequest request = request("v1/functions/" + encode(name) + "/traffic")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ApiJson.toJson(traffic)))
                .build();
        return read(send(request), Function.class);
    }

    /**
     * Asks the runtime to promote or abort a function's running rollout ({@code POST /v1/functions/NAME/rollout});
     * returns the function as the runtime has it after acting. A rollout that no longer runs is the runtime's
     * 409 NoRolloutRunning, as a {@link CliException} with its message.
     *
     * @param action {@code promote} or {@code abort}
     */
    public Function rollout(String name, String action) {
        String path = "v1/functions/" + encode(name) + "/rollout";
        HttpRequest request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiJson.toJson(Map.of("action", action))))
                .build();
        HttpResponse<String> response = exchange(request);
        // A 404 that names no function is a runtime without the route: say so rather than "no such endpoint".
        if (response.statusCode() == 404 && !ApiError.namesFunction(response.body())) {
            throw new CliException(ExitCodes.FAILED, "the dev runtime at " + base() + " does not take rollout "
                    + "commands (POST /" + path + " answered 404): is it older than this quiver?");
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
        return read(response.body(), Function.class);
    }

    /** The captured output of a function's replicas, of one revision when given. */
    public String logs(String name, String revision) {
        String query = revision == null ? "" : "?revision=" + encode(revision);
        return get("v1/functions/" + encode(name) + "/logs" + query);
    }

    /**
     * The state of a function's NATS and JetStream triggers; empty when this runtime does not report them (an
     * older runtime answers 404 for the route itself, without naming the function).
     */
    public Optional<EventStatus.Triggers> triggers(String name) {
        return optional("v1/functions/" + encode(name) + "/triggers").map(body -> read(body, EventStatus.Triggers.class));
    }

    /** The running and finished Jobs of a Job-mode function; empty when this runtime does not report them. */
    public Optional<EventStatus.Jobs> jobs(String name) {
        return optional("v1/functions/" + encode(name) + "/jobs").map(body -> read(body, EventStatus.Jobs.class));
    }

    /**
     * Whether an admin API answers at all (used while waiting for a runtime to start, and to tell that one runs):
     * a 401 is a runtime that wants another token, which the next command reports.
     */
    public boolean answers() {
        try {
            HttpResponse<Void> response = http.send(request("v1/functions").GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 || response.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The admin API's base URL. */
    public URI base() {
        return URI.create(base.toString().replaceAll("/+$", ""));
    }

    private String get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return request;
    }

    /** The token in the file, when there is one; it is never printed. */
    private Optional<String> token() {
        if (tokenFile == null || !Files.isRegularFile(tokenFile)) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read the admin token in " + tokenFile + ": "
                    + e.getMessage());
        }
    }

    private Optional<String> optional(String path) {
        HttpResponse<String> response = exchange(request(path).GET().build());
        if (response.statusCode() == 404 && !ApiError.namesFunction(response.body())) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
        return Optional.of(response.body());
    }

    private String send(HttpRequest request) {
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
        return response.body();
    }

    /** The error of a refused request; a 401 also says where this CLI looked for the token. */
    private CliException failure(HttpResponse<String> response) {
        CliException error = ApiError.from(response.statusCode(), response.body());
        if (response.statusCode() != 401) {
            return error;
        }
        List<String> hints = new ArrayList<>(error.details());
        hints.add(tokenFile == null ? "this quiver sent no admin token"
                : Files.isRegularFile(tokenFile) ? "this quiver sent the token in " + tokenFile
                : "this quiver found no admin token at " + tokenFile);
        hints.add("run it in the folder quiver dev serves, or pass --admin-token-file DIR/.quiver/admin-token "
                + "(env QUIVER_ADMIN_TOKEN_FILE)");
        return new CliException(error.exitCode(), error.getMessage(), hints);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw notRunning(base());
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "the Quiver runtime at " + base() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
        return response;
    }

    /** The failure for a URL where no runtime listens. */
    public static CliException notRunning(URI url) {
        return new CliException(ExitCodes.NOT_RUNNING,
                "no Quiver runtime at " + url + ": start one with ./quiver dev (or pass --admin-url)");
    }

    private static <T> List<T> items(String body, Class<T> type) {
        JsonNode items = tree(body).path("items");
        List<T> result = new ArrayList<>();
        for (JsonNode item : items) {
            result.add(convert(item, type));
        }
        return result;
    }

    private static <T> T read(String body, Class<T> type) {
        return convert(tree(body), type);
    }

    private static JsonNode tree(String body) {
        try {
            return ApiJson.json().readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.FAILED, "the admin API answered with something that is not JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return ApiJson.json().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.FAILED, "the admin API answered with a " + type.getSimpleName()
                    + " this quiver cannot read (is the CLI older than the runtime?): " + e.getOriginalMessage());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
