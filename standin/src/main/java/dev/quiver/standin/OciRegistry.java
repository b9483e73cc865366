package dev.quiver.standin;

import dev.quiver.standin.testing.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry for a test: {@code docker-registry serve} (the Debian package) on a free loopback port, its
 * storage in a folder of the caller. Pushes go through the registry HTTP API ({@link #pushBlob}, {@link #pushManifest}).
 */
public final class OciRegistry implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Stops the registry if the test's JVM ends without closing it (it would outlive it). */
    private final Thread reaper;

    private OciRegistry(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.reaper = new Thread(process::destroyForcibly, "standin-registry-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a registry with its storage and log under {@code dir} and waits until it answers. */
    public static OciRegistry start(Path dir) {
        try {
            Files.createDirectories(dir);
            int port = Ports.freePort();
            Path config = dir.resolve("registry.yml");
            Files.writeString(config, String.join("\n",
                    "version: 0.1",
                    "log: {level: warn}",
                    "storage:",
                    "  filesystem: {rootdirectory: " + dir.resolve("storage").toAbsolutePath() + "}",
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
            OciRegistry registry = new OciRegistry(port, dir, process);
            try {
                registry.awaitListening();
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Uploads a blob (monolithic upload) and returns its digest ({@code sha256:…}). */
    public String pushBlob(String repository, byte[] content) {
        String digest = Digests.sha256(content);
        try {
            HttpResponse<String> start = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            expect(start, 202, "start a blob upload");
            String location = start.headers().firstValue("Location").orElseThrow();
            URI upload = URI.create("http://" + hostPort()).resolve(location);
            String separator = upload.getQuery() == null ? "?" : "&";
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
            expect(put, 201, "upload blob " + digest);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PUTs a manifest under a tag (or its digest) and returns the digest the registry reports. */
    public String pushManifest(String repository, String reference, String mediaType, byte[] manifest) {
        try {
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                    .header("Content-Type", mediaType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.ofString());
            expect(put, 201, "put manifest " + repository + ":" + reference);
            return put.headers().firstValue("Docker-Content-Digest").orElse(Digests.sha256(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The registry's log file (for failure messages). */
    public Path log() {
        return dir.resolve("registry.log");
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("registry: cannot " + what + ": " + response.statusCode() + " " + response.body());
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + hostPort() + path);
    }

    private void awaitListening() {
        Ports.awaitListening(port, Duration.ofSeconds(15), process::isAlive, "docker-registry (log: " + log() + ")");
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
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
