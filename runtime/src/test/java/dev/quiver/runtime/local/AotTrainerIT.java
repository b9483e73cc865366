package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiver.api.HealthProbe;
import dev.quiver.runtime.platform.RevisionRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOT training run of a tiny app on a JDK that makes AOT caches (25+; skipped when there is none). */
class AotTrainerIT {

    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final RevisionRef REF = new RevisionRef("default", "tiny", "tiny-training");

    @TempDir
    Path work;
    private JavaHome java;

    @BeforeEach
    void jdk() {
        java = Runtime.version().feature() >= 25
                ? new JavaHome(Path.of(System.getProperty("java.home")), Runtime.version().feature())
                : new JavaHome(JDK_25, 25);
        assumeTrue(Files.isExecutable(java.launcher()), "no JDK 25 to train with");
    }

    @Test
    void aTcpProbedAppIsTrainedOnceItListensEvenIfItsHealthEndpointsFail() throws IOException {
        Path app = TinyFunctionJar.write(work.resolve("app"));

        Optional<Path> cache = AotTrainer.train(java, app, Map.of("NEVER_READY", "true"), REF, HealthProbe.tcpSocket());

        assertThat(cache).get().satisfies(file -> assertThat(file).isRegularFile());
        assertThat(Files.readString(app.resolve("aot-training.log"))).contains("request POST /");
    }

    @Test
    void anAppThatExitsBeforeItIsReadyGetsNoCache() throws IOException {
        Path app = TinyFunctionJar.write(work.resolve("app"));

        Optional<Path> cache = AotTrainer.train(java, app, Map.of("EXIT_AT_START", "1"), REF,
                HealthProbe.httpGet("/health/ready"));

        assertThat(cache).isEmpty();
        assertThat(Files.readString(app.resolve("aot-training.log"))).contains("cannot start: told to exit");
    }
}
