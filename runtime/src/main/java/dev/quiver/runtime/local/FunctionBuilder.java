package dev.quiver.runtime.local;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.build.MavenPackage;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Probes;
import dev.quiver.runtime.platform.RevisionRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns a function folder into a {@link BuiltApp}: {@code mvn package}, a copy of the Quarkus app into an immutable
 * folder named by the source digest, the probes' default from the app's libraries, and the AOT training run; or,
 * for a function with {@code spec.run}, a copy of the folder ({@link RunCommandApp}).
 */
final class FunctionBuilder {

    private static final Logger LOG = Logger.getLogger(FunctionBuilder.class);

    private final LocalSettings settings;

    FunctionBuilder(LocalSettings settings) {
        this.settings = settings;
    }

    /**
     * What a build did.
     *
     * @param app     the app, when it succeeded
     * @param failure why it failed (Maven's last lines), when it did
     */
    record Outcome(BuiltApp app, String failure) {
    }

    /** The fingerprint of what a build of the folder would make: its source files, and the run command if any. */
    static String digest(Path folder, String run) {
        return run == null ? SourceDigest.content(folder) : RunCommandApp.digest(folder, run);
    }

    /**
     * Builds (or reuses the build of the same digest).
     *
     * @param run      the function's {@code spec.run}, or null to build with Maven
     * @param template the function's template: its probes decide what the AOT training run waits for
     * @param env      the environment replicas get, for the training run
     */
    Outcome build(String name, Path folder, String run, String digest, FunctionTemplate template, Map<String, String> env) {
        Path builds = settings.workDir().resolve("builds").resolve(name);
        if (run != null) {
            Path copy = RunCommandApp.copy(folder, builds.resolve("run-" + digest));
            return new Outcome(new BuiltApp(copy, digest, DefaultProbe.Tcp, run), null);
        }
        Path target = builds.resolve(digest);
        long started = System.nanoTime();
        if (!Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
            LOG.infof("Building %s (mvn package in %s)…", name, folder);
            MavenPackage.Result result;
            try {
                result = MavenPackage.run(folder, builds.resolveSibling(name + ".log"), settings.offlineBuildFirst());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(null, "the build of " + name + " was interrupted");
            }
            if (!result.success()) {
                LOG.errorf("Build of %s failed:%n%s", name, result.output());
                return new Outcome(null, "mvn package failed in " + folder + ":\n" + result.output());
            }
            AppFolders.copyImmutable(result.app(), target);
            LOG.infof("Built %s in %.1fs", name, (System.nanoTime() - started) / 1e9);
        }
        DefaultProbe detected = detectProbe(target);
        LOG.debugf("%s: probes default to %s (%s)", name, detected, detected.reason());
        AotTrainer.train(settings.java(), target, env, new RevisionRef(LocalFunctionStore.NAMESPACE, name,
                        name + "-training"), Probes.of(template, detected).readiness())
                .ifPresent(cache -> LOG.debugf("AOT cache of %s: %s", name, cache));
        return new Outcome(new BuiltApp(target, digest, detected, null), null);
    }

    /**
     * The probes' default of a built Quarkus app ({@code target/quarkus-app} or its copy), from the names of the jars
     * in {@code lib/main} and {@code lib/boot}.
     */
    static DefaultProbe detectProbe(Path quarkusApp) {
        return DefaultProbe.ofQuarkusApp(quarkusApp);
    }
}
