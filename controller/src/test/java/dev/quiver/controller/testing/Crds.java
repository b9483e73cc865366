package dev.quiver.controller.testing;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The committed CRDs of crds/*.yml, installed as deploy/base installs them. */
public final class Crds {

    private static volatile boolean installed;

    private Crds() {
    }

    /** The repository root (the surefire configuration passes it; the module's parent otherwise). */
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

    /** Installs the committed CRDs once per test JVM. */
    public static synchronized void install(KubernetesClient client) {
        if (installed) {
            return;
        }
        for (Path file : committed()) {
            try (InputStream in = Files.newInputStream(file)) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        installed = true;
    }
}
