package dev.quiver.cli.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How {@code quiver dev} starts the runtime: the Java of this process, the local platform, the functions
 * folder and the ports, all as system properties of the runtime's Quarkus configuration.
 *
 * @param java         the java executable
 * @param runtimeJar   the runtime's quarkus-run.jar
 * @param functionsDir the folder whose subfolders are functions
 * @param host         the address the gateway listens on ({@link #LOOPBACK}: this machine only)
 * @param port         the gateway port
 * @param adminPort    the admin API port
 * @param jvmOptions   options of the runtime's JVM (heap, collector), before its system properties
 * @param properties   further system properties for the runtime
 */
public record RuntimeLaunch(Path java, Path runtimeJar, Path functionsDir, String host, int port, int adminPort,
        List<String> jvmOptions, Map<String, String> properties) {

    /** The default gateway address: loopback, so no one else on the network can call a developer's functions. */
    public static final String LOOPBACK = "127.0.0.1";

    /** The gateway address the runtime will use: {@code -Dquarkus.http.host} when given, else {@link #host}. */
    public String effectiveHost() {
        return properties.getOrDefault("quarkus.http.host", host);
    }

    /** Whether the gateway will be reachable from other machines. */
    public boolean exposed() {
        String effective = effectiveHost().trim().toLowerCase(Locale.ROOT);
        return !(effective.equals("localhost") || effective.startsWith("127.") || effective.equals("::1")
                || effective.equals("[::1]"));
    }

    /** The java executable that runs this CLI, so the runtime gets the same JDK the user chose. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The command line of the runtime process. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-Dquiver.platform=local");
        command.add("-Dquiver.local.functions-dir=" + functionsDir.toAbsolutePath().normalize());
        command.add("-Dquarkus.http.host=" + host);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquiver.admin.port=" + adminPort);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(runtimeJar.toString());
        return command;
    }

    /** The names of the function folders: the subfolders of {@code dir} that hold a function.yaml, sorted. */
    public static List<String> functionFolders(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(child -> Files.isRegularFile(child.resolve("function.yaml")))
                    .map(child -> child.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }
}
