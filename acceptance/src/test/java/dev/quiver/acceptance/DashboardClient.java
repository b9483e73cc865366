package dev.quiver.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The dashboard's API as its UI calls it: the token as the cookie its login link sets, and the
 * {@code X-Quiver-Dashboard: 1} header on every PUT and POST.
 */
final class DashboardClient {

    private final PlatformUnderTest.DashboardAccess access;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    DashboardClient(PlatformUnderTest.DashboardAccess access) {
        this.access = access;
    }

    /** A GET with the token. */
    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A GET without any token, as a page of another site or another user would send it. */
    HttpResponse<String> getWithoutToken(String path) {
        return send(HttpRequest.newBuilder(access.base().resolve(path)).timeout(Duration.ofSeconds(60)).GET());
    }

    /** A PUT or POST of JSON with the token and the CSRF header. */
    HttpResponse<String> send(String method, String path, String json) {
        return send(request(path).header("X-Quiver-Dashboard", "1").header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A body as JSON. */
    static JsonNode json(HttpResponse<String> response) {
        try {
            return ApiJson.json().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(access.base().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Cookie", "quiver_dashboard=" + access.token());
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
}
