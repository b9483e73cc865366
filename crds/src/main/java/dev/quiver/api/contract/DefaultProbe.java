package dev.quiver.api.contract;

import dev.quiver.api.HealthProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The probes a revision gets when its template names none, chosen when the app is built from what the app
 * contains (its dependency jars): the Quiver SDK serves {@code /health/ready} and {@code /health/live}, SmallRye
 * Health serves {@code /q/health/ready} and {@code /q/health/live}, and any other app is checked by a TCP connect
 * to {@code $PORT}, which every server that listens passes. Both platforms decide by {@link #detect} and probe
 * through {@link Probes}.
 */
public enum DefaultProbe {

    /** The app has the Quiver function SDK. */
    QuiverSdk("/health/ready", "/health/live", "the app has the Quiver SDK"),
    /** The app has SmallRye Health ({@code quarkus-smallrye-health}) and not the SDK. */
    SmallRyeHealth("/q/health/ready", "/q/health/live", "the app has SmallRye Health"),
    /** Neither: a TCP connect to the function's port. */
    Tcp(null, null, "the app serves no known health endpoint");

    /**
     * The annotation on a Function that a client build ({@code quiver deploy}) writes with its decision, as an
     * in-cluster build writes {@code status.build.defaultProbe}; the controller copies it into each new revision.
     */
    public static final String ANNOTATION = "quiver.dev/default-probe";
    /**
     * The key of the line {@code defaultProbe=<name>} that an in-cluster build writes after the image in its result
     * (the build pod's termination message) and the controller reads into {@code status.build.defaultProbe}.
     */
    public static final String BUILD_RESULT_KEY = "defaultProbe";
    /** The label on a built image that records the decision, for whoever runs the image. */
    public static final String IMAGE_LABEL = "dev.quiver.default-probe";

    /** The jar of the SDK, as Maven names it in an app's libraries. */
    static final String SDK_ARTIFACT = "quiver-function-sdk";
    /** The jar of the SmallRye Health extension. */
    static final String SMALLRYE_HEALTH_ARTIFACT = "quarkus-smallrye-health";

    private final String readinessPath;
    private final String livenessPath;
    private final String reason;

    DefaultProbe(String readinessPath, String livenessPath, String reason) {
        this.readinessPath = readinessPath;
        this.livenessPath = livenessPath;
        this.reason = reason;
    }

    /**
     * The default for an app whose libraries have these file names (e.g. the names in a Quarkus app's
     * {@code lib/main}, {@code dev.quiver.quiver-function-sdk-0.1.0.jar}); the SDK wins over SmallRye Health, since
     * its readiness also reports draining.
     */
    public static DefaultProbe detect(Collection<String> libraryFileNames) {
        boolean health = false;
        for (String name : libraryFileNames) {
            if (isArtifact(name, SDK_ARTIFACT)) {
                return QuiverSdk;
            }
            health |= isArtifact(name, SMALLRYE_HEALTH_ARTIFACT);
        }
        return health ? SmallRyeHealth : Tcp;
    }

    /**
     * The default of a built Quarkus app (fast-jar: {@code target/quarkus-app} or a copy of it), from the names of
     * the jars in {@code lib/main} and {@code lib/boot}; {@link #Tcp} for a folder without them. The local platform
     * and the image builder decide through this one method.
     */
    public static DefaultProbe ofQuarkusApp(Path appDir) {
        List<String> names = new ArrayList<>();
        for (String folder : List.of("lib/main", "lib/boot")) {
            Path dir = appDir.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(file -> file.getFileName().toString()).forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the libraries of " + appDir, e);
            }
        }
        return detect(names);
    }

    /** Whether a jar's file name is of that artifact ({@code [group.]artifact-version.jar}, in any folder). */
    private static boolean isArtifact(String fileName, String artifact) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        return name.matches("(.*\\.)?" + Pattern.quote(artifact) + "-[0-9].*\\.jar");
    }

    /** The readiness probe, without periods (see {@link Probes} for those). */
    public HealthProbe readiness() {
        return readinessPath == null ? HealthProbe.tcpSocket() : HealthProbe.httpGet(readinessPath);
    }

    /** The liveness probe, without periods. */
    public HealthProbe liveness() {
        return livenessPath == null ? HealthProbe.tcpSocket() : HealthProbe.httpGet(livenessPath);
    }

    /** Why this default was chosen, for the revision's status. */
    public String reason() {
        return reason;
    }

    /** The default of a revision that records none (made before builds recorded one, or from a foreign image). */
    public static DefaultProbe orTcp(DefaultProbe recorded) {
        return recorded == null ? Tcp : recorded;
    }
}
