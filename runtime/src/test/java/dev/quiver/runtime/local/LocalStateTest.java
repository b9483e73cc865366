package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.runtime.platform.RevisionRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {

    @TempDir
    Path work;

    private Path functions() {
        return work.resolve("functions");
    }

    private LocalState state() {
        return new LocalState(work.resolve("state.json"), functions());
    }

    private LocalFunction function(String name) {
        LocalFunction function = new LocalFunction(functions().resolve(name));
        function.resource = ApiJson.fromYaml("""
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata: {name: %s, namespace: default}
                spec: {run: "python3 server.py"}
                """.formatted(name), Function.class);
        return function;
    }

    private static void addRevision(LocalFunction function, int number, LocalRevision.Phase phase) {
        String name = function.name() + "-0000" + number;
        FunctionRevision revision = LocalRevisions.newRevision(function.resource, name, "local:d" + number,
                "hash" + number, Instant.parse("2026-12-01T09:00:00Z"));
        revision.getSpec().defaultProbe = DefaultProbe.Tcp;
        BuiltApp app = new BuiltApp(Path.of("/work/builds/run-d" + number), "d" + number, DefaultProbe.Tcp, "python3 server.py");
        function.revisions.put(name, new LocalRevision(revision, new RevisionRef("default", function.name(), name),
                "hash" + number, app));
        function.phases.put(name, phase);
    }

    @Test
    void revisionsPhasesAndTrafficComeBackForTheSameFolderAndName() {
        LocalFunction before = function("py");
        addRevision(before, 1, LocalRevision.Phase.READY);
        addRevision(before, 2, LocalRevision.Phase.FAILED);
        TrafficTarget pinned = new TrafficTarget();
        pinned.revisionName = "py-00001";
        pinned.percent = 100;
        before.trafficOverride = List.of(pinned);
        state().save(List.of(before));

        LocalFunction after = function("py");
        List<LocalRevision> restored = state().restore(after);

        assertThat(restored).extracting(LocalRevision::name).containsExactly("py-00001", "py-00002");
        assertThat(after.phases).containsEntry("py-00001", LocalRevision.Phase.READY)
                .containsEntry("py-00002", LocalRevision.Phase.FAILED);
        assertThat(after.trafficOverride).singleElement().satisfies(t -> assertThat(t.revisionName).isEqualTo("py-00001"));
        assertThat(restored.get(0).app()).isEqualTo(before.revisions.get("py-00001").app());
        assertThat(restored.get(1).templateHash()).isEqualTo("hash2");
    }

    @Test
    void aFolderWhoseFunctionWasRenamedStartsAfresh() {
        LocalFunction before = function("py");
        addRevision(before, 1, LocalRevision.Phase.READY);
        state().save(List.of(before));
        LocalFunction renamed = new LocalFunction(functions().resolve("py"));
        renamed.resource = function("other").resource;

        assertThat(state().restore(renamed)).isEmpty();
        assertThat(renamed.revisions).isEmpty();
    }

    @Test
    void anUnreadableStateFileIsSetAsideAndNothingIsRestored() throws Exception {
        Files.writeString(work.resolve("state.json"), "{\"version\": 1, \"functi");

        LocalFunction function = function("py");

        assertThat(state().restore(function)).isEmpty();
        assertThat(work.resolve("state.json.corrupt")).exists();
        assertThat(work.resolve("state.json")).doesNotExist();
    }

    @Test
    void runtimesOverDifferentFunctionsFoldersKeepTheirStateInDifferentFiles() {
        assertThat(StateFile.keyOf(Path.of("/tmp/a/functions"))).isNotEqualTo(StateFile.keyOf(Path.of("/tmp/b/functions")))
                .startsWith("functions-");
        assertThat(StateFile.keyOf(Path.of("/tmp/a/functions"))).isEqualTo(StateFile.keyOf(Path.of("/tmp/a/./functions")));
    }

    @Test
    void theStateOfAFunctionNotLookedAtAgainYetIsKeptWhileItsFolderIsThere() throws Exception {
        LocalFunction py = function("py");
        addRevision(py, 1, LocalRevision.Phase.READY);
        LocalFunction gone = function("gone");
        addRevision(gone, 1, LocalRevision.Phase.READY);
        state().save(List.of(py, gone));
        Files.createDirectories(py.folder);

        state().save(List.of()); // a run that saved before it looked at either folder

        LocalState next = state();
        assertThat(next.restore(function("py"))).extracting(LocalRevision::name).containsExactly("py-00001");
        assertThat(next.restore(function("gone"))).isEmpty();
    }
}
