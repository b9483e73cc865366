package dev.quiver.standin.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The committed CRDs of {@code crds/*.yml}, installed on a (mock) API server as deploy/base installs them. */
public final class Crds {

    private Crds() {
    }

    /** The repository root (the surefire configuration may pass it as {@code quiver.root}; the module's parent otherwise). */
    public static Path root() {
        return Path.of(System.getProperty("quiver.root", "..")).toAbsolutePath().normalize();
    }

    /** The committed CRD files. */
    public static List<Path> committed() {
        try (Stream<Path> files = Files.list(root().resolve("crds"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Installs the committed CRDs that the server of {@code client} does not have yet: once per server, however
     * many tests share it.
     */
    public static void install(KubernetesClient client) {
        for (Path file : committed()) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                if (client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .get() == null) {
                    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
