package dev.quiver.standin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds and pushes the tiny test image: one layer with {@code /app/Server.java}, run by {@code java /app/Server.java}. */
final class TestImages {

    static final String REPOSITORY = "test/server";
    /** The size of the server image's manifest, for an index that points to it. */
    private static int serverManifestSize;

    private TestImages() {
    }

    /** Pushes the image and returns its reference by digest ({@code host/test/server@sha256:…}). */
    static String pushServer(OciRegistry registry) {
        byte[] source = resource("/image/Server.java");
        byte[] tar = tar(Map.of("app/Server.java", source));
        byte[] layer = gzip(tar);
        String layerDigest = registry.pushBlob(REPOSITORY, layer);
        String config = """
                {"architecture":"amd64","os":"linux",
                 "config":{"Entrypoint":["java","/app/Server.java"],"Env":["PORT=8080","PATH=/usr/local/bin:/usr/bin"],"WorkingDir":"/app"},
                 "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(Digests.sha256(tar));
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(REPOSITORY, configBytes);
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}"""
                .formatted(configDigest, configBytes.length, layerDigest, layer.length);
        serverManifestSize = manifest.getBytes(StandardCharsets.UTF_8).length;
        String digest = registry.pushManifest(REPOSITORY, "v1", "application/vnd.oci.image.manifest.v1+json",
                manifest.getBytes(StandardCharsets.UTF_8));
        return registry.hostPort() + "/" + REPOSITORY + "@" + digest;
    }

    /** Pushes an image index whose linux/amd64 entry is the server image, after a windows/amd64 one. */
    static String pushIndex(OciRegistry registry, String serverImage) {
        String digest = serverImage.substring(serverImage.indexOf('@') + 1);
        String index = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,"platform":{"architecture":"amd64","os":"windows"}},
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,"platform":{"architecture":"amd64","os":"linux"}}]}"""
                .formatted(digest, serverManifestSize, digest, serverManifestSize);
        String indexDigest = registry.pushManifest(REPOSITORY, "multi", "application/vnd.oci.image.index.v1+json",
                index.getBytes(StandardCharsets.UTF_8));
        return registry.hostPort() + "/" + REPOSITORY + "@" + indexDigest;
    }

    private static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ustar archive of regular files (with their parent folders). */
    static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.forEach((name, content) -> {
            String folder = name.substring(0, name.lastIndexOf('/') + 1);
            entry(out, folder, '5', 0755, new byte[0]);
            entry(out, name, '0', 0644, content);
        });
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void entry(ByteArrayOutputStream out, String name, char type, int mode, byte[] content) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, String.format("%07o", mode));
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, "00000000000");
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        out.writeBytes(header);
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
