package dev.quiver.cli.fake;

import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.cli.deploy.ImageBuild;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The image build that deploy finds in tests: it records what it was asked to build and answers with a digest
 * derived from the folder's name, so a test sees deploy use the built image. The real build is the builder
 * module's, tested there.
 */
public final class RecordingImageBuild implements ImageBuild {

    /** The folders built, in order. */
    public static final List<Path> BUILT = new CopyOnWriteArrayList<>();

    /** The probes' default every build reports. */
    public static final DefaultProbe DEFAULT_PROBE = DefaultProbe.SmallRyeHealth;

    /** The digest pushed for a folder. */
    public static String digestOf(Path folder) {
        return "registry.local/" + folder.getFileName() + "@sha256:" + "c".repeat(64);
    }

    @Override
    public Pushed buildAndPush(Path folder, String image, Consumer<String> progress) {
        BUILT.add(folder);
        progress.accept("built " + folder.getFileName() + " for " + image);
        return new Pushed(digestOf(folder), DEFAULT_PROBE);
    }
}
