package dev.quiver.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK that runs function processes: its {@code java} launcher and its feature version, which decides whether
 * start-up can use an AOT cache (JDK 25 and later: {@code -XX:AOTCacheOutput} / {@code -XX:AOTCache}).
 *
 * @param home    the JDK's home folder
 * @param feature the feature version (17, 21, 25…)
 */
public record JavaHome(Path home, int feature) {

    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)");
    private static final int FIRST_WITH_AOT_CACHE = 25;

    /** The {@code java} launcher of this JDK. */
    public Path launcher() {
        return home.resolve("bin").resolve("java");
    }

    /** Whether this JDK makes and uses AOT caches from a training run (JEP 514/515). */
    public boolean supportsAotCache() {
        return feature >= FIRST_WITH_AOT_CACHE;
    }

    /** The JDK at a home folder; its version is read from the {@code release} file. */
    public static JavaHome at(Path home) {
        return new JavaHome(home, featureVersion(home).orElseThrow(() ->
                new IllegalArgumentException(home + " is not a JDK: it has no release file with JAVA_VERSION")));
    }

    /**
     * The JDK to run functions on: the configured one when given, else the newest Temurin 25+ installed in
     * {@code /usr/lib/jvm}, else the JDK running this runtime.
     */
    public static JavaHome detect(Optional<Path> configured) {
        if (configured.isPresent()) {
            return at(configured.get());
        }
        return newestIn(Path.of("/usr/lib/jvm")).orElseGet(() -> {
            Path own = Path.of(System.getProperty("java.home"));
            return new JavaHome(own, Runtime.version().feature());
        });
    }

    static Optional<JavaHome> newestIn(Path jvmFolder) {
        if (!Files.isDirectory(jvmFolder)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvmFolder)) {
            List<JavaHome> found = homes.filter(p -> Files.isExecutable(p.resolve("bin/java")))
                    .flatMap(p -> featureVersion(p).map(v -> new JavaHome(p, v)).stream())
                    .toList();
            return found.stream().max(Comparator.comparingInt(JavaHome::feature));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(release)) {
                Matcher matcher = RELEASE_VERSION.matcher(line);
                if (matcher.find()) {
                    int major = Integer.parseInt(matcher.group(1));
                    // Before JDK 9 versions read 1.8.0: those are far too old for Quarkus anyway.
                    return Optional.of(major == 1 ? 8 : major);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
