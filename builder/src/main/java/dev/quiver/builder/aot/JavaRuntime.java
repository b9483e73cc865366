package dev.quiver.builder.aot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java runtime (a JDK or JRE folder) as its {@code release} file describes it.
 *
 * @param home    the runtime's home folder
 * @param feature the feature version (17, 21, 25…)
 * @param version the full version, e.g. {@code 25.0.3+9-LTS} ({@code JAVA_RUNTIME_VERSION}, else {@code JAVA_VERSION})
 */
public record JavaRuntime(Path home, int feature, String version) {

    /** The first feature version that makes and uses AOT caches from a training run (JEP 483/514/515). */
    public static final int FIRST_WITH_AOT_CACHE = 25;

    private static final Pattern LINE = Pattern.compile("^(JAVA_VERSION|JAVA_RUNTIME_VERSION)=\"([^\"]+)\"");

    /** The {@code java} launcher. */
    public Path launcher() {
        return home.resolve("bin").resolve("java");
    }

    /** Whether this runtime can make and use an AOT cache. */
    public boolean supportsAotCache() {
        return feature >= FIRST_WITH_AOT_CACHE;
    }

    /** The runtime at {@code home}, when it has a {@code release} file that names its version. */
    public static Optional<JavaRuntime> at(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        String version = null;
        String runtimeVersion = null;
        try {
            for (String line : Files.readAllLines(release)) {
                Matcher matcher = LINE.matcher(line);
                if (matcher.find()) {
                    if (matcher.group(1).equals("JAVA_VERSION")) {
                        version = matcher.group(2);
                    } else {
                        runtimeVersion = matcher.group(2);
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (version == null) {
            return Optional.empty();
        }
        return Optional.of(new JavaRuntime(home, feature(version), runtimeVersion != null ? runtimeVersion : version));
    }

    /** The feature version of a version string ({@code 1.8.0} reads 8). */
    static int feature(String version) {
        String[] parts = version.split("[.+-]");
        try {
            int major = Integer.parseInt(parts[0]);
            return major == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : major;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
