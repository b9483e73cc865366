package dev.quiver.builder;

import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.HealthProbe;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Probes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The probes of a Quarkus app folder: the default chosen from the jars it holds ({@link DefaultProbe#detect}), and
 * the readiness probe its replicas get, which the AOT training waits for as the platforms do.
 */
public final class AppProbes {

    /** The folders of a fast-jar app that hold its libraries. */
    private static final List<String> LIBRARY_FOLDERS = List.of("lib/main", "lib/boot");

    private AppProbes() {
    }

    /** The default of the app in {@code appDir} ({@code target/quarkus-app}), from its libraries' file names. */
    public static DefaultProbe detect(Path appDir) {
        List<String> names = new ArrayList<>();
        for (String folder : LIBRARY_FOLDERS) {
            Path dir = appDir.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(file -> file.getFileName().toString()).forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return DefaultProbe.detect(names);
    }

    /**
     * The readiness probe of the app's replicas, every setting filled in: the template's, else the default.
     *
     * @param template the function's template, or null for none
     */
    public static HealthProbe readiness(FunctionTemplate template, DefaultProbe detected) {
        return Probes.of(template == null ? new FunctionTemplate() : template, detected).readiness();
    }
}
