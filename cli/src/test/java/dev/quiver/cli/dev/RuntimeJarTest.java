package dev.quiver.cli.dev;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding the runtime jar does not depend on the working directory being the checkout. */
class RuntimeJarTest {

    @TempDir
    Path tmp;

    /** A checkout with both jars built, as ./quiver leaves it. */
    private Path checkout() throws IOException {
        Path checkout = tmp.resolve("quiver");
        for (Path jar : List.of(checkout.resolve("cli/target/quarkus-app/quarkus-run.jar"), checkout.resolve(RuntimeJar.IN_CHECKOUT))) {
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "jar");
        }
        return checkout;
    }

    @Test
    void theRuntimeIsFoundBesideTheClisJarWhenRunFromAFolderOutsideTheCheckout() throws IOException {
        Path checkout = checkout();
        Path function = Files.createDirectories(tmp.resolve("elsewhere/my-function"));

        List<Path> search = RuntimeJar.searchFrom(checkout.resolve("cli/target/quarkus-app/quarkus-run.jar").toString(), function);

        assertThat(RuntimeJar.locate(null, search)).isEqualTo(checkout.resolve(RuntimeJar.IN_CHECKOUT).toRealPath());
    }

    @Test
    void aRelativeClassPathIsTakenFromTheWorkingDirectory() throws IOException {
        Path checkout = checkout();

        List<Path> search = RuntimeJar.searchFrom("cli/target/quarkus-app/quarkus-run.jar", checkout);

        assertThat(search.get(0)).isEqualTo(checkout.resolve("cli/target/quarkus-app").toRealPath());
        assertThat(search.get(1)).isEqualTo(checkout);
    }

    @Test
    void aClisJarLinkedFromElsewhereLeadsToItsCheckout() throws IOException {
        Path checkout = checkout();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("quiver-cli.jar"), checkout.resolve("cli/target/quarkus-app/quarkus-run.jar"));

        List<Path> search = RuntimeJar.searchFrom(link.toString(), Files.createDirectories(tmp.resolve("work")));

        assertThat(RuntimeJar.locate(null, search)).isEqualTo(checkout.resolve(RuntimeJar.IN_CHECKOUT).toRealPath());
    }

    @Test
    void aClassPathOfClassesFoldersIsNoStartAndTheWorkingDirectoryIsSearchedUpwards() throws IOException {
        Path checkout = checkout();
        Path deep = Files.createDirectories(checkout.resolve("functions/hello/src"));

        List<Path> search = RuntimeJar.searchFrom("target/classes" + File.pathSeparator + "x.jar", deep);

        assertThat(search).containsExactly(deep);
        assertThat(RuntimeJar.locate(null, search)).isEqualTo(checkout.resolve(RuntimeJar.IN_CHECKOUT));
    }

    @Test
    void anExplicitJarWinsAndAMissingOneIsAnError() throws IOException {
        Path jar = Files.writeString(tmp.resolve("runtime.jar"), "jar");

        assertThat(RuntimeJar.locate(jar, List.of())).isEqualTo(jar.toAbsolutePath());
        assertThatThrownBy(() -> RuntimeJar.locate(tmp.resolve("missing.jar"), List.of()))
                .hasMessageContaining("does not exist").hasMessageContaining(RuntimeJar.ENV);
    }

    @Test
    void noCheckoutAnywhereSaysHowToGetTheRuntime() throws IOException {
        Path nowhere = Files.createDirectories(tmp.resolve("nowhere"));

        assertThatThrownBy(() -> RuntimeJar.locate(null, List.of(nowhere)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot find the Quiver runtime").hasMessageContaining(RuntimeJar.ENV);
    }
}
