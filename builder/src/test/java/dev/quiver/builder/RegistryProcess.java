package dev.quiver.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry ({@code docker-registry serve}, the Debian package) for one test: on a free loopback port,
 * with its storage in a temporary folder, read back through the registry HTTP API with a plain HTTP client.
 */
public final class RegistryProcess implements AutoCloseable {

    private static final String MANIFEST_TYPES = "application/vnd.oci.image.manifest.v1+json,"
            + "application/vnd.docker.distribution.manifest.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Path dir;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RegistryProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts a registry and waits until it answers. */
    public static RegistryProcess start() throws IOException {
        Path dir = Files.createTempDirectory("quiver-registry-");
        int port = freePort();
        Path config = dir.resolve("config.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log: {level: warn}",
                "storage:",
                "  filesystem: {rootdirectory: " + dir.resolve("storage") + "}",
                "  delete: {enabled: true}",
                "http:",
                "  addr: 127.0.0.1:" + port,
                ""));
        Process process;
        try {
            process = new ProcessBuilder(List.of("docker-registry", "serve", config.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start docker-registry (is the docker-registry package installed?)", e);
        }
        RegistryProcess registry = new RegistryProcess(port, dir, process);
        registry.awaitListening();
        return registry;
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
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
        String configDigest = upload(repository, configBytes);
        String layerDigest = upload(repository, layer);
        byte[] manifest = JSON.writeValueAsBytes(JSON.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .<ObjectNode>set("config", descriptor("application/vnd.oci.image.config.v1+json", configDigest,
                        configBytes.length))
                .set("layers", JSON.createArrayNode().add(descriptor("application/vnd.oci.image.layer.v1.tar",
                        layerDigest, layer.length))));
        HttpResponse<byte[]> put = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build());
        if (put.statusCode() != 201) {
            throw new IllegalStateException("PUT manifest answered " + put.statusCode() + ": "
                    + new String(put.body()));
        }
        return "sha256:" + sha256(manifest);
    }

    /** Uploads a blob in one request (POST then PUT with the digest); returns its digest. */
    private String upload(String repository, byte[] content) throws IOException, InterruptedException {
        String digest = "sha256:" + sha256(content);
        HttpResponse<byte[]> start = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        String location = start.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("upload answered " + start.statusCode()));
        URI target = uri("/").resolve(location);
        URI put = URI.create(target + (target.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<byte[]> done = send(HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
        if (done.statusCode() != 201) {
            throw new IllegalStateException("PUT blob answered " + done.statusCode() + ": "
                    + new String(done.body()));
        }
        return digest;
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        return JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest).put("size", size);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    private void awaitListening() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: see " + dir.resolve("registry.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("docker-registry did not listen on port " + port + " within 15 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
