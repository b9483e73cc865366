package dev.quiver.builder;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BaseImageJavaTest {

    private static final String HOME = "opt/java/openjdk/";

    @TempDir
    Path root;

    @Test
    void appliesLayersBelowJavaHomeOnlyWithModesAndWhiteouts() throws Exception {
        Map<String, Integer> first = new LinkedHashMap<>();
        first.put("etc/passwd", 0644);
        first.put("./" + HOME + "release", 0644);
        first.put(HOME + "bin/java", 0755);
        first.put(HOME + "lib/removed.txt", 0644);
        first.put(HOME + "conf/old.properties", 0644);
        Map<String, Integer> second = new LinkedHashMap<>();
        second.put(HOME + "lib/.wh.removed.txt", 0644);
        second.put(HOME + "conf/.wh..wh..opq", 0644);
        second.put(HOME + "conf/new.properties", 0644);

        BaseImageJava.apply(layer(first), root, HOME);
        BaseImageJava.apply(layer(second), root, HOME);

        Path home = root.resolve(HOME);
        assertThat(home.resolve("release")).exists();
        assertThat(Files.isExecutable(home.resolve("bin/java"))).isTrue();
        assertThat(Files.isExecutable(home.resolve("release"))).isFalse();
        assertThat(home.resolve("lib/removed.txt")).doesNotExist();
        assertThat(home.resolve("conf/old.properties")).doesNotExist();
        assertThat(home.resolve("conf/new.properties")).exists();
        assertThat(root.resolve("etc/passwd")).doesNotExist();
    }

    /** A layer's tar with these files (each holding its own name), in order. */
    private static ByteArrayInputStream layer(Map<String, Integer> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, Integer> file : files.entrySet()) {
                byte[] content = file.getKey().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                entry.setMode(file.getValue());
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
