package dev.quiver.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Pulls images over the plain-HTTP registry API and unpacks them, once per image digest, into a cache folder: the
 * stand-in's image store. OCI and Docker v2 manifests; an image index resolves to its linux/amd64 entry.
 */
final class ImageStore {

    /** An unpacked image: its root filesystem and the parts of its config that say how to run it. */
    record Image(String digest, Path rootfs, List<String> entrypoint, List<String> cmd, List<String> env, String workingDir) {
    }

    /** The image cannot be pulled; the message says why (it ends up in the container's waiting message). */
    static final class PullException extends Exception {
        PullException(String message) {
            super(message);
        }
    }

    private static final String ACCEPT = String.join(",",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path cache;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    ImageStore(Path cache) {
        this.cache = cache;
    }

    /** Pulls (or finds in the cache) the image of a reference {@code host[:port]/repo[:tag][@sha256:…]}. */
    Image pull(String reference) throws PullException {
        ImageReference ref = ImageReference.parse(reference);
        try {
            JsonNode manifest = manifest(ref, ref.reference());
            String digest = manifest.path("__digest").asText();
            if (manifest.has("manifests")) {
                JsonNode chosen = null;
                for (JsonNode entry : manifest.path("manifests")) {
                    JsonNode platform = entry.path("platform");
                    if ("linux".equals(platform.path("os").asText()) && "amd64".equals(platform.path("architecture").asText())) {
                        chosen = entry;
                        break;
                    }
                }
                if (chosen == null) {
                    throw new PullException("image index " + reference + " has no linux/amd64 image");
                }
                manifest = manifest(ref, chosen.path("digest").asText());
            }
            JsonNode config = JSON.readTree(blob(ref, manifest.path("config").path("digest").asText())).path("config");
            Path rootfs = unpack(ref, digest, manifest);
            return new Image(digest, rootfs, strings(config.path("Entrypoint")), strings(config.path("Cmd")),
                    strings(config.path("Env")), config.path("WorkingDir").asText(""));
        } catch (IOException e) {
            throw new PullException("cannot pull " + reference + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException("interrupted while pulling " + reference);
        }
    }

    private JsonNode manifest(ImageReference ref, String reference) throws IOException, InterruptedException, PullException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(ref.url("/manifests/" + reference))
                .header("Accept", ACCEPT).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            throw new PullException("manifest for " + ref.repository() + "@" + reference + " not found in " + ref.host()
                    + ": manifest unknown");
        }
        if (response.statusCode() != 200) {
            throw new PullException("registry " + ref.host() + " answered " + response.statusCode() + " for manifest "
                    + ref.repository() + ":" + reference);
        }
        String digest = Digests.sha256(response.body());
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new PullException("manifest digest mismatch: asked " + reference + ", got " + digest);
        }
        ObjectNode node = (ObjectNode) JSON.readTree(response.body());
        node.put("__digest", digest);
        return node;
    }

    private byte[] blob(ImageReference ref, String digest) throws IOException, InterruptedException, PullException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(ref.url("/blobs/" + digest))
                .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new PullException("registry " + ref.host() + " answered " + response.statusCode() + " for blob " + digest);
        }
        return response.body();
    }

    /** Unpacks the layers in order into {@code cache/<digest>/rootfs}, once; a marker file says it is complete. */
    private Path unpack(ImageReference ref, String digest, JsonNode manifest) throws IOException, InterruptedException, PullException {
        Path dir = cache.resolve("images").resolve(digest.replace(':', '-'));
        Path rootfs = dir.resolve("rootfs");
        Path done = dir.resolve("complete");
        synchronized (locks.computeIfAbsent(digest, d -> new Object())) {
            if (Files.exists(done)) {
                return rootfs;
            }
            if (Files.exists(dir)) {
                Files.deleteIfExists(done);
                Tar.deleteTree(dir);
            }
            Files.createDirectories(rootfs);
            for (JsonNode layer : manifest.path("layers")) {
                Tar.overlay(layer(ref, layer.path("digest").asText(), layer.path("mediaType").asText()), rootfs);
            }
            Files.writeString(done, ref.host() + "/" + ref.repository() + "@" + digest + "\n");
            return rootfs;
        }
    }

    /**
     * A layer unpacked on its own, once per layer digest, under {@code cache/layers/}: images that share layers (a
     * base, the dependencies) share the work, and their files are hard links to the same copy.
     */
    private Path layer(ImageReference ref, String layerDigest, String mediaType) throws IOException, InterruptedException,
            PullException {
        Path dir = cache.resolve("layers").resolve(layerDigest.replace(':', '-'));
        Path fs = dir.resolve("fs");
        Path done = dir.resolve("complete");
        synchronized (locks.computeIfAbsent(layerDigest, d -> new Object())) {
            if (Files.exists(done)) {
                return fs;
            }
            if (mediaType.endsWith("zstd")) {
                throw new PullException("layer " + layerDigest + " is zstd-compressed, which the stand-in cannot unpack");
            }
            Tar.deleteTree(dir);
            Files.createDirectories(fs);
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(ref.url("/blobs/" + layerDigest))
                    .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new PullException("registry " + ref.host() + " answered " + response.statusCode() + " for layer " + layerDigest);
                }
                InputStream tar = mediaType.endsWith("gzip") ? new GZIPInputStream(body, 65536) : body;
                Tar.extract(tar, fs, false);
            }
            Files.writeString(done, layerDigest + "\n");
            return fs;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> result.add(n.asText()));
        }
        return result;
    }

    /** A parsed image reference. */
    record ImageReference(String host, String repository, String reference) {

        static ImageReference parse(String image) throws PullException {
            if (image == null || image.isBlank()) {
                throw new PullException("no image given");
            }
            int slash = image.indexOf('/');
            String first = slash < 0 ? "" : image.substring(0, slash);
            if (slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
                throw new PullException("image " + image + " names no registry host; the stand-in pulls only from a "
                        + "registry it can reach (e.g. 127.0.0.1:PORT/repo@sha256:…)");
            }
            String rest = image.substring(slash + 1);
            String reference;
            String repository;
            int at = rest.indexOf('@');
            if (at >= 0) {
                reference = rest.substring(at + 1);
                repository = rest.substring(0, at);
                int colon = repository.lastIndexOf(':');
                if (colon >= 0) {
                    repository = repository.substring(0, colon); // repo:tag@digest: the digest wins
                }
            } else {
                int colon = rest.lastIndexOf(':');
                reference = colon >= 0 ? rest.substring(colon + 1) : "latest";
                repository = colon >= 0 ? rest.substring(0, colon) : rest;
            }
            return new ImageReference(first, repository, reference);
        }

        URI url(String tail) {
            return URI.create("http://" + host + "/v2/" + repository + tail);
        }
    }
}
