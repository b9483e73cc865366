package dev.quiver.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.TrafficTarget;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.runtime.platform.RevisionRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What the local platform knows of its functions beyond their folders, kept in one JSON file under the work folder
 * so that a restart (even after SIGKILL) serves the same revisions under the same names: per function its Function
 * (uid, status), its revisions (template, app, phase), the traffic set through the admin API, and thereby the number
 * the next revision gets. The file is named by the functions folder ({@link StateFile#keyOf}), since runtimes over
 * different folders may share one work folder. It is rewritten atomically on every change; a file that cannot be read
 * is logged, set aside as {@code *.corrupt} and ignored: the runtime starts afresh rather than not at all.
 * Not thread-safe: the store calls it under its lock.
 */
final class LocalState {

    private static final Logger LOG = Logger.getLogger(LocalState.class);
    private static final int VERSION = 1;

    /** The file's content. */
    record Saved(int version, String functionsDir, List<SavedFunction> functions) {
    }

    /** One function as saved. */
    record SavedFunction(String folder, Function resource, List<TrafficTarget> trafficOverride,
            List<SavedRevision> revisions) {
    }

    /** One revision as saved: its API object, fingerprint, phase and what its replicas run. */
    record SavedRevision(FunctionRevision resource, String templateHash, LocalRevision.Phase phase, String app,
            String digest, String run) {
    }

    private final Path file;
    private final String functionsDir;
    /** What the file held at start and no function has taken back yet, by folder. */
    private final Map<String, SavedFunction> pending = new LinkedHashMap<>();

    LocalState(Path file, Path functionsDir) {
        this.file = file;
        this.functionsDir = functionsDir.toAbsolutePath().normalize().toString();
        load();
    }

    /** The state of the settings' functions folder: {@code <work>/state/<folder key>.json}. */
    static LocalState of(LocalSettings settings) {
        return new LocalState(settings.workDir().resolve("state").resolve(StateFile.keyOf(settings.functionsDir()) + ".json"),
                settings.functionsDir());
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Saved saved = ApiJson.json().readValue(file.toFile(), Saved.class);
            if (saved.version() != VERSION || !functionsDir.equals(saved.functionsDir())) {
                throw new IOException("it is version " + saved.version() + " of " + saved.functionsDir()
                        + ", not version " + VERSION + " of " + functionsDir);
            }
            saved.functions().forEach(function -> pending.put(function.folder(), function));
            LOG.infof("restoring %d functions' revisions and traffic from %s", pending.size(), file);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("cannot read the local state %s (%s); starting afresh, with new revision numbers", file, e.getMessage());
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.debugf("cannot set %s aside: %s", file, moveFailed);
            }
        }
    }

    /**
     * Gives a function just made of its folder what the previous run knew of it, when it had the same name there:
     * its Function, revisions and phases, and traffic override. Once only per folder.
     *
     * @return the restored revisions, oldest first (empty when there was nothing to restore)
     */
    List<LocalRevision> restore(LocalFunction function) {
        SavedFunction saved = pending.get(function.folder.toString());
        if (saved == null || !function.name().equals(saved.resource().getMetadata().getName())) {
            return List.of();
        }
        pending.remove(function.folder.toString());
        function.resource = saved.resource();
        function.trafficOverride = saved.trafficOverride();
        List<LocalRevision> restored = new ArrayList<>();
        for (SavedRevision revision : saved.revisions()) {
            RevisionRef ref = new RevisionRef(LocalFunctionStore.NAMESPACE, function.name(),
                    revision.resource().getMetadata().getName());
            DefaultProbe probe = revision.resource().getSpec().defaultProbe;
            BuiltApp app = new BuiltApp(Path.of(revision.app()), revision.digest(), probe, revision.run());
            LocalRevision local = new LocalRevision(revision.resource(), ref, revision.templateHash(), app);
            function.revisions.put(local.name(), local);
            function.phases.put(local.name(), revision.phase());
            restored.add(local);
        }
        return restored;
    }

    /** Writes the state of these functions (and of those not looked at again yet whose folder is still there). */
    void save(Collection<LocalFunction> functions) {
        List<SavedFunction> all = new ArrayList<>();
        for (LocalFunction function : functions) {
            List<SavedRevision> revisions = function.revisions.values().stream().map(r -> new SavedRevision(r.resource(),
                    r.templateHash(), function.phases.get(r.name()), r.app().folder().toString(), r.app().digest(),
                    r.app().run())).toList();
            all.add(new SavedFunction(function.folder.toString(), function.resource, function.trafficOverride, revisions));
        }
        pending.values().stream().filter(f -> Files.isDirectory(Path.of(f.folder()))).forEach(all::add);
        try {
            ObjectMapper json = ApiJson.json();
            StateFile.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(new Saved(VERSION, functionsDir, all)));
        } catch (IOException | RuntimeException e) {
            LOG.errorf("cannot save the local state to %s: %s (a restart would not keep revisions and traffic)", file, e);
        }
    }
}
