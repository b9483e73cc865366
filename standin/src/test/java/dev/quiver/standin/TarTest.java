package dev.quiver.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers applied in order, with OCI whiteouts. */
class TarTest {

    @TempDir
    Path root;

    @Test
    void laterLayerWhitesOutFilesAndEmptiesOpaqueFolders() throws Exception {
        Map<String, byte[]> first = new LinkedHashMap<>();
        first.put("app/a.txt", bytes("a"));
        first.put("lib/old.jar", bytes("old"));
        Map<String, byte[]> second = new LinkedHashMap<>();
        second.put("app/.wh.a.txt", new byte[0]);
        second.put("lib/.wh..wh..opq", new byte[0]);
        second.put("lib/new.jar", bytes("new"));

        Tar.extract(new ByteArrayInputStream(TestImages.tar(first)), root);
        Tar.extract(new ByteArrayInputStream(TestImages.tar(second)), root);

        assertThat(root.resolve("app/a.txt")).doesNotExist();
        assertThat(root.resolve("app")).isDirectory();
        assertThat(root.resolve("lib/old.jar")).doesNotExist();
        assertThat(Files.readString(root.resolve("lib/new.jar"))).isEqualTo("new");
    }

    @Test
    void filesKeepTheModificationTimeTheLayerRecordsAsAnAotCacheChecksIt() throws Exception {
        Tar.extract(new ByteArrayInputStream(TestImages.tar(Map.of("app/lib/a.jar", bytes("jar")))), root);

        assertThat(Files.getLastModifiedTime(root.resolve("app/lib/a.jar")).toMillis())
                .as("the layers of these test images record time 0").isZero();
    }

    @Test
    void layersUnpackedOnTheirOwnOverlayWithTheSameWhiteouts() throws Exception {
        Map<String, byte[]> first = new LinkedHashMap<>();
        first.put("app/a.txt", bytes("a"));
        first.put("lib/old.jar", bytes("old"));
        Map<String, byte[]> second = new LinkedHashMap<>();
        second.put("app/.wh.a.txt", new byte[0]);
        second.put("lib/.wh..wh..opq", new byte[0]);
        second.put("lib/new.jar", bytes("new"));
        Path rootfs = root.resolve("rootfs");
        Files.createDirectories(rootfs);

        for (Map<String, byte[]> layer : List.of(first, second)) {
            Path unpacked = Files.createTempDirectory(root, "layer");
            Tar.extract(new ByteArrayInputStream(TestImages.tar(layer)), unpacked, false);
            Tar.overlay(unpacked, rootfs);
        }

        assertThat(rootfs.resolve("app/a.txt")).doesNotExist();
        assertThat(rootfs.resolve("app/.wh.a.txt")).doesNotExist();
        assertThat(rootfs.resolve("lib/old.jar")).doesNotExist();
        assertThat(rootfs.resolve("lib/.wh..wh..opq")).doesNotExist();
        assertThat(Files.readString(rootfs.resolve("lib/new.jar"))).isEqualTo("new");
    }

    @Test
    void longNamesLinksAndModesAsImageBuildersWriteThem() throws Exception {
        String longName = "app/lib/main/" + "x".repeat(120) + ".jar";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int mode : new int[] {TarArchiveOutputStream.LONGFILE_POSIX,
                TarArchiveOutputStream.LONGFILE_GNU}) {
            bytes.reset();
            try (var tar = new TarArchiveOutputStream(bytes)) {
                tar.setLongFileMode(mode);
                var file = new TarArchiveEntry(longName);
                file.setSize(3);
                file.setMode(0755);
                tar.putArchiveEntry(file);
                tar.write(bytes("jar"));
                tar.closeArchiveEntry();
                var link = new TarArchiveEntry("app/current.jar",
                        TarConstants.LF_SYMLINK);
                link.setLinkName("lib/main/" + "x".repeat(120) + ".jar");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
                var hard = new TarArchiveEntry("app/copy.jar",
                        TarConstants.LF_LINK);
                hard.setLinkName(longName);
                tar.putArchiveEntry(hard);
                tar.closeArchiveEntry();
            }
            Path into = Files.createTempDirectory(root, "fs");

            Tar.extract(new ByteArrayInputStream(bytes.toByteArray()), into);

            assertThat(Files.readString(into.resolve(longName))).isEqualTo("jar");
            assertThat(Files.isExecutable(into.resolve(longName))).isTrue();
            assertThat(Files.readString(into.resolve("app/current.jar"))).isEqualTo("jar");
            assertThat(Files.readString(into.resolve("app/copy.jar"))).isEqualTo("jar");
        }
    }

    @Test
    void entriesThatWouldLeaveTheRootAreSkipped() throws Exception {
        Tar.extract(new ByteArrayInputStream(TestImages.tar(Map.of("../escape/x.txt", bytes("x")))), root.resolve("inner"));

        assertThat(root.resolve("escape")).doesNotExist();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
