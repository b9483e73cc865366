package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Probes;
import dev.quiver.runtime.platform.RevisionRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchSpecTest {

    private static final RevisionRef REF = new RevisionRef("default", "hello", "hello-00002");
    private static final Path APP = Path.of("/work/builds/hello/abc");

    private static LaunchSpec spec(Optional<Path> aot) {
        return new LaunchSpec(REF, APP, Map.of("GREETING", "hi"), List.of("x-group"), aot, Path.of("/work/logs"));
    }

    @Test
    void startsFromTheAotCacheWithFastStartFlagsOnJdk25() {
        List<String> command = spec(Optional.of(APP.resolve("app.aot"))).command(new JavaHome(Path.of("/jdk25"), 25));

        assertThat(command).containsExactly("/jdk25/bin/java", "-XX:AOTCache=/work/builds/hello/abc/app.aot",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/work/builds/hello/abc/quarkus-run.jar");
    }

    @Test
    void ignoresTheCacheOnAJdkThatCannotReadIt() {
        List<String> command = spec(Optional.of(APP.resolve("app.aot"))).command(new JavaHome(Path.of("/jdk17"), 17));

        assertThat(command).containsExactly("/jdk17/bin/java", "-jar", "/work/builds/hello/abc/quarkus-run.jar");
    }

    @Test
    void theEnvironmentCarriesTheTemplateAndWhatQuiverSets() {
        Map<String, String> env = spec(Optional.empty()).environment(41234);

        assertThat(env).containsEntry("GREETING", "hi").containsEntry("PORT", "41234")
                .containsEntry("QUIVER_FUNCTION", "hello").containsEntry("QUIVER_REVISION", "hello-00002")
                .containsEntry("QUIVER_PROPAGATE_HEADERS", "x-group");
    }

    @Test
    void everyReplicaBindsLoopbackOnly() {
        Map<String, String> env = spec(Optional.empty()).environment(41234);

        assertThat(env).containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1");
    }

    @Test
    void aTemplateCannotExposeAReplicaBeyondLoopback() {
        LaunchSpec spec = new LaunchSpec(REF, APP, Map.of("QUARKUS_HTTP_HOST", "0.0.0.0"), List.of(), Optional.empty(),
                Path.of("/work/logs"));

        assertThat(spec.environment(41234)).containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1");
    }

    @Test
    void aRunFunctionStartsItsCommandThroughTheShellAndIsToldToBindLoopback() {
        LaunchSpec spec = new LaunchSpec(REF, APP, Map.of("HOST", "0.0.0.0"), List.of(), Optional.of(APP.resolve("app.aot")),
                Path.of("/work/logs"), Probes.of(new FunctionTemplate(), DefaultProbe.Tcp), "node server.js");

        assertThat(spec.command(new JavaHome(Path.of("/jdk25"), 25))).containsExactly("sh", "-c", "node server.js");
        assertThat(spec.environment(41234)).containsEntry("PORT", "41234").containsEntry("HOST", "127.0.0.1")
                .containsEntry("QUIVER_REVISION", "hello-00002");
    }

    @Test
    void aJavaAppGetsNoHostVariable() {
        assertThat(spec(Optional.empty()).environment(41234)).doesNotContainKey("HOST");
    }
}
