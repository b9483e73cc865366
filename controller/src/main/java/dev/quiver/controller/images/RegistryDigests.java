package dev.quiver.controller.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves an image's tag to the digest of its manifest through the OCI distribution API: {@code HEAD
 * /v2/<repository>/manifests/<tag>} accepting OCI indexes and manifests and Docker v2 lists and manifests, reading
 * {@code Docker-Content-Digest}; anonymously, answering a Bearer challenge with an anonymous token. Registries on
 * loopback and those listed as insecure are spoken to over plain HTTP, every other one over HTTPS. Synchronous,
 * with short timeouts: it runs once per new revision.
 */
public final class RegistryDigests {

    /** The manifest types a pull accepts, so that the digest is the one the container runtime pulls. */
    static final String MANIFEST_TYPES = String.join(",", "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Set<String> insecureRegistries;
    private final Duration timeout;

    /**
     * @param insecureRegistries hosts ({@code host[:port]}) spoken to over plain HTTP besides loopback ones
     * @param timeout            how long one request may take
     */
    public RegistryDigests(Set<String> insecureRegistries, Duration timeout) {
        this.insecureRegistries = Set.copyOf(insecureRegistries);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Why an image could not be resolved, in a sentence for a condition's message. */
    public static final class ResolutionException extends Exception {

        ResolutionException(String message) {
            super(message);
        }
    }

    /**
     * The digest ({@code sha256:...}) the registry serves for the reference's tag.
     *
     * @throws ResolutionException saying {@code image <ref> could not be resolved: <why>}
     */
    public String digest(ImageReference image) throws ResolutionException {
        URI manifest = URI.create(scheme(image.apiHost()) + "://" + image.apiHost() + "/v2/" + image.repository()
                + "/manifests/" + image.manifestReference());
        try {
            String authorization = null;
            HttpResponse<InputStream> head = send(manifest, "HEAD", null);
            if (head.statusCode() == 401) {
                Optional<BearerChallenge> challenge = BearerChallenge.parse(
                        head.headers().firstValue("WWW-Authenticate").orElse(null));
                if (challenge.isPresent()) {
                    authorization = "Bearer " + token(challenge.get(), image);
                    head = send(manifest, "HEAD", authorization);
                }
            }
            String digest = head.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (head.statusCode() == 200 && ImageReference.isDigest(digest)) {
                return digest;
            }
            // Some registries leave the header out of HEAD (or refuse HEAD): GET tells the digest by its body, and
            // an error by its JSON.
            HttpResponse<InputStream> get = send(manifest, "GET", authorization);
            byte[] body = read(get);
            if (get.statusCode() == 200) {
                digest = get.headers().firstValue("Docker-Content-Digest").orElse(null);
                return ImageReference.isDigest(digest) ? digest : "sha256:" + sha256(body);
            }
            String hint = get.statusCode() == 401 || get.statusCode() == 403
                    ? "; for a private registry give spec.image by digest (" + image.text() + "@sha256:...)" : "";
            throw failed(image, get.statusCode() + " " + errorText(body) + hint);
        } catch (IOException e) {
            throw failed(image, "the registry " + image.apiHost() + " cannot be reached ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(image, "interrupted");
        }
    }

    private String token(BearerChallenge challenge, ImageReference image) throws IOException, InterruptedException,
            ResolutionException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(challenge.tokenUri(image.repository()))
                .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body = read(response);
        if (response.statusCode() != 200) {
            throw failed(image, "the token service " + challenge.realm() + " answered " + response.statusCode());
        }
        JsonNode json = JSON.readTree(body);
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw failed(image, "the token service " + challenge.realm() + " gave no token");
        }
        return token;
    }

    private HttpResponse<InputStream> send(URI uri, String method, String authorization) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", MANIFEST_TYPES)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (method.equals("HEAD")) {
            response.body().close();
        }
        return response;
    }

    /** Plain HTTP for loopback and listed registries, as containerd and Docker do; HTTPS for every other. */
    String scheme(String host) {
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        boolean loopback = name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
        return loopback || insecureRegistries.contains(host.toLowerCase(Locale.ROOT)) ? "http" : "https";
    }

    /** The body, at most 4 MiB: a manifest is far smaller, and nothing here is worth more. */
    private static byte[] read(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return in.readNBytes(MAX_BODY);
        }
    }

    /** The first error of a distribution API error body ({@code manifest unknown}), or the status's meaning. */
    static String errorText(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("errors").path(0);
            String message = error.path("message").asText("");
            if (!message.isEmpty()) {
                return message;
            }
            String code = error.path("code").asText("");
            if (!code.isEmpty()) {
                return code.toLowerCase(Locale.ROOT).replace('_', ' ');
            }
        } catch (IOException notJson) {
            // fall through: the status alone
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return text.isEmpty() || text.startsWith("<") ? "(no error body)" : text;
    }

    private static ResolutionException failed(ImageReference image, String why) {
        return new ResolutionException("image " + image + " could not be resolved: " + why);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
