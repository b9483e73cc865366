package dev.quiver.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.builder.aot.JavaRuntime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks the Java runtime of a base image (the folder its {@code JAVA_HOME} names) from the image written as an OCI
 * layout tar, applying its layers in order (whiteouts included), so that a training run uses the very runtime the
 * image will start: an AOT cache is accepted only by the JVM build and runtime image ({@code lib/modules}) that made
 * it.
 */
final class BaseImageJava {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private BaseImageJava() {
    }

    /**
     * Unpacks the runtime into {@code root} (the image's paths below it).
     *
     * @param ociTar the base image as jib wrote it ({@code index.json}, {@code blobs/sha256/...})
     * @param layout a scratch folder to unpack the tar into
     * @return the runtime
     * @throws BuildException when the image has no usable Java runtime (the message says why)
     */
    static JavaRuntime unpack(Path ociTar, Path layout, Path root) throws IOException, BuildException {
        untarAll(Files.newInputStream(ociTar), layout);
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.path("manifests").path(0).path("digest").asText())
                .toFile());
        JsonNode config = JSON.readTree(blob(layout, manifest.path("config").path("digest").asText()).toFile());
        String javaHome = null;
        for (JsonNode variable : config.path("config").path("Env")) {
            if (variable.asText().startsWith("JAVA_HOME=")) {
                javaHome = variable.asText().substring("JAVA_HOME=".length());
            }
        }
        if (javaHome == null || !javaHome.startsWith("/")) {
            throw new BuildException("the base image sets no JAVA_HOME");
        }
        String prefix = relative(javaHome) + "/";
        for (JsonNode layer : manifest.path("layers")) {
            String mediaType = layer.path("mediaType").asText();
            if (mediaType.endsWith("zstd")) {
                throw new BuildException("the base image has zstd layers, which this build cannot unpack");
            }
            try (InputStream in = layerStream(blob(layout, layer.path("digest").asText()))) {
                apply(in, root, prefix);
            }
        }
        Optional<JavaRuntime> runtime = JavaRuntime.at(root.resolve(relative(javaHome)));
        if (runtime.isEmpty()) {
            throw new BuildException("the base image's JAVA_HOME (" + javaHome + ") holds no Java runtime");
        }
        return runtime.get();
    }

    private static InputStream layerStream(Path blob) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(blob));
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        // gzip's magic number; uncompressed layers are plain tars.
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 65536) : in;
    }

    /** Applies one layer's changes below {@code prefix} (relative, ending in /) to {@code root}. */
    static void apply(InputStream layer, Path root, String prefix) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(layer)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = relative(entry.getName());
                if (!(name + "/").startsWith(prefix) || escapes(name)) {
                    continue;
                }
                Path target = root.resolve(name);
                String fileName = target.getFileName().toString();
                if (fileName.equals(OPAQUE)) {
                    deleteTree(target.getParent(), false);
                } else if (fileName.startsWith(WHITEOUT)) {
                    deleteTree(target.resolveSibling(fileName.substring(WHITEOUT.length())), true);
                } else if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    String link = entry.getLinkName();
                    // An absolute link points into the image: below root here.
                    Files.createSymbolicLink(target, link.startsWith("/") ? root.resolve(relative(link)) : Path.of(link));
                } else if (entry.isLink()) {
                    Path source = root.resolve(relative(entry.getLinkName()));
                    if (Files.exists(source)) {
                        Files.createDirectories(target.getParent());
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
    }

    private static void untarAll(InputStream in, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = relative(entry.getName());
                if (entry.isFile() && !escapes(name)) {
                    Path target = dir.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path blob(Path layout, String digest) throws BuildException {
        int colon = digest.indexOf(':');
        Path blob = colon < 0 ? null : layout.resolve("blobs").resolve(digest.substring(0, colon))
                .resolve(digest.substring(colon + 1));
        if (blob == null || !Files.isRegularFile(blob)) {
            throw new BuildException("the base image's layout misses the blob " + digest);
        }
        return blob;
    }

    /** Whether a path has a {@code ..} segment (names like {@code .wh..wh..opq} are fine). */
    private static boolean escapes(String path) {
        return Arrays.asList(path.split("/")).contains("..");
    }

    /** A path in the image without its leading {@code /} or {@code ./}. */
    private static String relative(String path) {
        String relative = path;
        while (relative.startsWith("/") || relative.startsWith("./")) {
            relative = relative.substring(relative.startsWith("/") ? 1 : 2);
        }
        return relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE};
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    /** Deletes a file or folder; with {@code self} false, only what the folder holds. */
    static void deleteTree(Path path, boolean self) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child, true);
                }
            }
        }
        if (self) {
            Files.delete(path);
        }
    }
}
