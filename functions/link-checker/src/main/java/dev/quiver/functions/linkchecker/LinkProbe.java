package dev.quiver.functions.linkchecker;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks that a link is reachable the seed's way: a HEAD request (only headers come back, however large the
 * resource), valid when the status is below 400, invalid on any other status or when the URL cannot be reached.
 * Redirects are followed, as Go's client does.
 */
@ApplicationScoped
public class LinkProbe {

    private final HttpClient http;
    private final Duration timeout;

    LinkProbe(@ConfigProperty(name = "link-checker.timeout", defaultValue = "5s") Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** HEADs the URL and says whether the link is valid. */
    public LinkStatus check(String url) {
        try {
            HttpRequest head = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build();
            int status = http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status < 400 ? LinkStatus.VALID : LinkStatus.INVALID;
        } catch (IOException | IllegalArgumentException e) {
            // unreachable host, refused connection, timeout, or not an http(s) URL at all: the link is broken
            return LinkStatus.INVALID;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LinkStatus.INVALID;
        }
    }
}
