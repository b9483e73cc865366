package dev.quiver.cli.fake;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A stand-in for the runtime's jar in {@code quiver dev} tests, run as its own process. It records how it was
 * started ({@code .fake-runtime.properties} in the functions folder: its system properties and pid), serves
 * {@code GET /v1/functions} from {@code .fake-functions.json} on the admin port, marks {@code .fake-stopped} when it
 * is asked to stop, and exits at once with status 7 when {@code .fake-exit} exists. JDK classes only.
 */
public final class FakeRuntimeMain {

    private FakeRuntimeMain() {
    }

    /** Runs until stopped. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("quiver.local.functions-dir"));
        Properties seen = new Properties();
        for (String key : new String[] {"quiver.platform", "quiver.local.functions-dir", "quarkus.http.port",
                "quarkus.http.host", "quiver.admin.port", "quiver.extra", "quiver.dashboard.port"}) {
            if (System.getProperty(key) != null) {
                seen.setProperty(key, System.getProperty(key));
            }
        }
        seen.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        try (var out = Files.newOutputStream(dir.resolve(".fake-runtime.properties"))) {
            seen.store(out, null);
        }
        if (Files.exists(dir.resolve(".fake-exit"))) {
            System.out.println("fake runtime: failing at start as asked");
            System.exit(7);
        }
        HttpServer admin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.getInteger("quiver.admin.port")), 0);
        admin.createContext("/v1/functions", exchange -> {
            byte[] body = Files.readString(dir.resolve(".fake-functions.json")).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            admin.stop(0);
            try {
                Files.writeString(dir.resolve(".fake-stopped"), "stopped");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        admin.start();
        System.out.println("fake runtime: admin API up");
        Thread.currentThread().join();
    }
}
