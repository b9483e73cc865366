package dev.quiver.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the suite finds what the reactor built (the runtime, controller and CLI jars, the sample functions) and
 * where it keeps its own files ({@code acceptance/target/acceptance}).
 */
final class Checkout {

    /** The checkout's root: {@code -Dquiver.checkout} (set by the POM), else the parent of the working directory. */
    static final Path ROOT = Path.of(System.getProperty("quiver.checkout", "..")).toAbsolutePath().normalize();
    /** The folder of the sample functions. */
    static final Path FUNCTIONS = ROOT.resolve("functions");
    /** The suite's work folder: builds, images, logs. */
    static final Path WORK = ROOT.resolve("acceptance").resolve("target").resolve("acceptance");

    private Checkout() {
    }

    /** The runtime's runnable jar. */
    static Path runtimeJar() {
        return built("runtime");
    }

    /** The controller's runnable jar. */
    static Path controllerJar() {
        return built("controller");
    }

    /** The CLI's runnable jar. */
    static Path cliJar() {
        return built("cli");
    }

    private static Path built(String module) {
        Path jar = ROOT.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the " + module + " module first ("
                    + "./mvnw -B install, or ./mvnw -B package -DskipTests -pl " + module + " -am)");
        }
        return jar;
    }

    /** The java that runs this suite, for the processes it starts. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A new folder under the work folder, named after what it holds. */
    static Path newFolder(String prefix) {
        try {
            Files.createDirectories(WORK);
            return Files.createTempDirectory(WORK, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free TCP port on 127.0.0.1 (never 8080: the suite binds everything on free ports). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
