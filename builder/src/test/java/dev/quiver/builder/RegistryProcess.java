package dev.quiver.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.standin.OciRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/**
 * A real OCI registry for one test (standin's {@link OciRegistry}: {@code docker-registry serve} on a free loopback
 * port, its storage in a temporary folder), read back through the registry HTTP API with Jackson.
 */
public final class RegistryProcess implements AutoCloseable {

    private static final String MANIFEST_TYPES = "application/vnd.oci.image.manifest.v1+json,"
            + "application/vnd.docker.distribution.manifest.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OciRegistry registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RegistryProcess(OciRegistry registry) {
        this.registry = registry;
    }

    /** Starts a registry and waits until it answers. */
    public static RegistryProcess start() throws IOException {
        return new RegistryProcess(OciRegistry.start(Files.createTempDirectory("quiver-registry-")));
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String host() {
        return registry.hostPort();
    }

    /** The manifest of {@code repository:reference} (a tag or a digest), as JSON. */
    public JsonNode manifest(String repository, String reference) throws IOException, InterruptedException {
        return JSON.readTree(get("/v2/" + repository + "/manifests/" + reference, MANIFEST_TYPES));
    }

    /** The digest the registry reports for {@code repository:tag} ({@code Docker-Content-Digest}). */
    public String digest(String repository, String tag) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", MANIFEST_TYPES).build());
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    /**
     * Pushes a small OCI image (the config JSON given and one layer of the bytes given) as {@code repository:tag}
     * through the registry API, as a client that pushes does.
     *
     * @return the manifest's digest ({@code sha256:...})
     */
    public String push(String repository, String tag, String config, byte[] layer)
            throws IOException, InterruptedException {
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, configBytes);
        String layerDigest = registry.pushBlob(repository, layer);
        byte[] manifest = JSON.writeValueAsBytes(JSON.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .<ObjectNode>set("config", descriptor("application/vnd.oci.image.config.v1+json", configDigest,
                        configBytes.length))
                .set("layers", JSON.createArrayNode().add(descriptor("application/vnd.oci.image.layer.v1.tar",
                        layerDigest, layer.length))));
        return registry.pushManifest(repository, tag, "application/vnd.oci.image.manifest.v1+json", manifest);
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        return JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest).put("size", size);
    }

    /** A blob (a layer or a config) of a repository. */
    public byte[] blob(String repository, String digest) throws IOException, InterruptedException {
        return get("/v2/" + repository + "/blobs/" + digest, "*/*");
    }

    /** The image config JSON that a manifest points to. */
    public JsonNode config(String repository, JsonNode manifest) throws IOException, InterruptedException {
        return JSON.readTree(blob(repository, manifest.path("config").path("digest").asText()));
    }

    private byte[] get(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + new String(response.body()));
        }
        return response.body();
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        HttpClient client = http;
        // Blobs answer with a redirect on some storage drivers; follow it.
        if (request.method().equals("GET")) {
            client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://" + host() + path);
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        registry.close();
    }
}
