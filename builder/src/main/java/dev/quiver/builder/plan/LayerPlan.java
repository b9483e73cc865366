package dev.quiver.builder.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which files of a Quarkus fast-jar app ({@code target/quarkus-app}) go into which image layer, ordered from the
 * least to the most often changed, so that a code change rebuilds and pushes only the last, small layer:
 * <ol>
 *   <li>{@value #DEPENDENCIES}: released libraries ({@code lib/boot}, {@code lib/main}) and the dependency list;</li>
 *   <li>{@value #SNAPSHOT_DEPENDENCIES}: {@code -SNAPSHOT} libraries (e.g. an SDK under development);</li>
 *   <li>{@value #QUARKUS}: the launcher ({@code quarkus-run.jar}) and Quarkus' generated code ({@code quarkus/});</li>
 *   <li>{@value #APPLICATION}: the application's own jar ({@code app/}) and anything not known above;</li>
 *   <li>{@value #AOT_CACHE}, when the image has one: the AOT cache ({@code app.aot}), trained on all the above, so
 *       it changes with any of them; its own layer keeps the application layer small.</li>
 * </ol>
 * Pure: works on relative paths ({@code /}-separated), reads no files.
 */
public final class LayerPlan {

    /** Released dependencies. */
    public static final String DEPENDENCIES = "dependencies";
    /** Snapshot dependencies: they change more often than releases. */
    public static final String SNAPSHOT_DEPENDENCIES = "snapshot-dependencies";
    /** Quarkus' launcher and generated code. */
    public static final String QUARKUS = "quarkus";
    /** The application's own code. */
    public static final String APPLICATION = "application";
    /** The AOT cache made by a training run of the app (not one of the app folder's files). */
    public static final String AOT_CACHE = "aot-cache";

    private static final List<String> ORDER = List.of(DEPENDENCIES, SNAPSHOT_DEPENDENCIES, QUARKUS, APPLICATION);

    /**
     * One layer: its name and the files in it, relative to the app folder, sorted so the layer's bytes do not depend
     * on the order a file system lists them in.
     *
     * @param name  the layer's name
     * @param files relative paths ({@code /}-separated)
     */
    public record Layer(String name, List<String> files) {
        /** A layer with an immutable copy of the files. */
        public Layer {
            files = List.copyOf(files);
        }
    }

    private LayerPlan() {
    }

    /** The non-empty layers for these files of a Quarkus app folder, in image order. */
    public static List<Layer> plan(List<String> relativeFiles) {
        Map<String, List<String>> byLayer = new LinkedHashMap<>();
        ORDER.forEach(name -> byLayer.put(name, new ArrayList<>()));
        for (String file : relativeFiles) {
            byLayer.get(layerOf(normalize(file))).add(normalize(file));
        }
        List<Layer> layers = new ArrayList<>();
        byLayer.forEach((name, files) -> {
            if (!files.isEmpty()) {
                files.sort(Comparator.naturalOrder());
                layers.add(new Layer(name, files));
            }
        });
        return layers;
    }

    /** The layer a file of the app folder belongs to. */
    public static String layerOf(String relativeFile) {
        String file = normalize(relativeFile);
        if (file.startsWith("lib/boot/") || file.startsWith("lib/main/")) {
            return isSnapshot(file) ? SNAPSHOT_DEPENDENCIES : DEPENDENCIES;
        }
        if (file.equals("quarkus-app-dependencies.txt")) {
            return DEPENDENCIES;
        }
        if (file.equals("quarkus-run.jar") || file.startsWith("quarkus/")) {
            return QUARKUS;
        }
        // app/ and anything unknown: the layer that is rebuilt every time is the safe place for it.
        return APPLICATION;
    }

    private static boolean isSnapshot(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.contains("-SNAPSHOT");
    }

    private static String normalize(String file) {
        String unix = file.replace('\\', '/');
        if (unix.startsWith("./")) {
            unix = unix.substring(2);
        }
        if (unix.isEmpty() || unix.startsWith("/") || unix.startsWith("../") || unix.contains("/../")) {
            throw new IllegalArgumentException("not a relative path inside the app folder: " + file);
        }
        return unix;
    }
}
