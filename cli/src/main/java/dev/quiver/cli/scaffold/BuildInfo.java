package dev.quiver.cli.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The versions this CLI was built with ({@code quiver-build.properties}, filled in by Maven): a new function
 * imports the BOM of this Quiver build and uses its Quarkus platform and plugin versions, so it builds offline
 * from what the same build installed.
 *
 * @param values the properties, e.g. {@code quiver.version}, {@code quarkus.platform.version}
 */
public record BuildInfo(Map<String, String> values) {

    /** The classpath resource. */
    public static final String RESOURCE = "/quiver-build.properties";

    /** The version of Quiver (and of its BOM and SDK). */
    public String quiverVersion() {
        return require("quiver.version");
    }

    /** The Quarkus platform version of the build. */
    public String quarkusVersion() {
        return require("quarkus.platform.version");
    }

    /** A value; fails when the build did not fill it in, which is a packaging bug rather than a user mistake. */
    public String require(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException(RESOURCE + " has no value for " + key + " (was the CLI built by Maven?)");
        }
        return value;
    }

    /** The build's values, from the CLI's own jar. */
    public static BuildInfo load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the CLI (was it built by Maven?)");
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> values = new TreeMap<>();
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
            return new BuildInfo(Map.copyOf(values));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
