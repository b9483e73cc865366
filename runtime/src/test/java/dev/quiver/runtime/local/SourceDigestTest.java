package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceDigestTest {

    @TempDir
    Path folder;

    @BeforeEach
    void writeSources() throws IOException {
        write("pom.xml", "<project/>");
        write("src/main/java/Fn.java", "class Fn {}");
        write("function.yaml", "kind: Function");
    }

    private void write(String path, String text) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aCodeChangeChangesTheDigest() throws IOException {
        String before = SourceDigest.content(folder);

        write("src/main/java/Fn.java", "class Fn { int x; }");

        assertThat(SourceDigest.content(folder)).isNotEqualTo(before);
    }

    @Test
    void buildOutputHiddenFoldersAndFunctionYamlDoNotCount() throws IOException {
        String digest = SourceDigest.content(folder);
        String stamp = SourceDigest.stamp(folder);

        write("target/quarkus-app/quarkus-run.jar", "binary");
        write(".quiver/logs/x.log", "log");
        write("function.yaml", "kind: Function\nspec: {}");

        assertThat(SourceDigest.content(folder)).isEqualTo(digest);
        assertThat(SourceDigest.stamp(folder)).isEqualTo(stamp);
    }

    @Test
    void aNewSourceFileChangesTheStamp() throws IOException {
        String stamp = SourceDigest.stamp(folder);

        write("src/main/resources/application.properties", "a=b");

        assertThat(SourceDigest.stamp(folder)).isNotEqualTo(stamp);
    }
}
