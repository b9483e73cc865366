package dev.quiver.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.cli.view.InvocationStatus;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The asynchronous side of {@code quiver invoke --async}: reads the gateway's 202 (invocation id and status
 * location), and with {@code --wait} polls the location until the invocation has finished.
 */
final class AsyncInvocation {

    /** The request header that asks the gateway for an asynchronous call. */
    static final String PREFER = "Prefer";
    /** Its value. */
    static final String RESPOND_ASYNC = "respond-async";

    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final URI gateway;
    private final HttpClient http;

    AsyncInvocation(URI gateway, HttpClient http) {
        this.gateway = gateway;
        this.http = http;
    }

    /**
     * The accepted invocation from a 202 answer.
     *
     * @param id       the invocation id
     * @param location the absolute URL of its status
     */
    record Accepted(String id, URI location) {
    }

    /** Reads a 202: the id from the body, the location from the {@code Location} header, else from the body. */
    Accepted accepted(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = ApiJson.json().readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.FAILED, "the gateway accepted the call (202) but its answer is not JSON: "
                    + e.getOriginalMessage());
        }
        String id = body == null ? "" : body.path("id").asText("");
        if (id.isEmpty()) {
            throw new CliException(ExitCodes.FAILED, "the gateway accepted the call (202) but named no invocation id");
        }
        String location = response.headers().firstValue("Location")
                .orElse(body.path("location").asText("/invocations/" + id));
        return new Accepted(id, response.uri().resolve(location));
    }

    /** Polls the status until the invocation has finished or {@code timeout} has passed. */
    InvocationStatus await(Accepted accepted, Duration timeout, PrintWriter err, boolean verbose) {
        Instant deadline = Instant.now().plus(timeout);
        Duration pause = FIRST_POLL;
        String lastStatus = null;
        while (true) {
            InvocationStatus status = fetch(accepted);
            if (verbose && !status.status().equals(lastStatus)) {
                err.println(accepted.id() + ": " + status.status()
                        + (status.attempts() == null ? "" : " (attempts: " + status.attempts() + ")"));
                err.flush();
                lastStatus = status.status();
            }
            if (status.finished()) {
                return status;
            }
            if (Instant.now().plus(pause).isAfter(deadline)) {
                throw new CliException(ExitCodes.FAILED, "invocation " + accepted.id() + " is still " + status.status()
                        + " after " + timeout.toSeconds() + "s; its status stays at " + accepted.location());
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }

    private InvocationStatus fetch(Accepted accepted) {
        HttpRequest request = HttpRequest.newBuilder(accepted.location()).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read the status of invocation " + accepted.id() + " at "
                    + accepted.location() + " (is the gateway at " + gateway + " still up?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
        if (response.statusCode() != 200) {
            throw new CliException(ExitCodes.FAILED, "the status of invocation " + accepted.id() + " at "
                    + accepted.location() + " answered " + response.statusCode() + ": " + response.body().strip());
        }
        try {
            InvocationStatus status = ApiJson.json().readValue(response.body(), InvocationStatus.class);
            if (status.status() == null) {
                throw new CliException(ExitCodes.FAILED, "the status of invocation " + accepted.id() + " names no status");
            }
            return status;
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.FAILED, "the status of invocation " + accepted.id() + " is not JSON this "
                    + "quiver can read: " + e.getOriginalMessage());
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }
}
