package dev.quiver.runtime.local.jobs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A minimal Job-mode function, packed into a jar for the job runner's tests: it serves $PORT and
 * {@code /health/ready}; the one POST to {@code /} appends {@code start <pid>} and {@code end <pid>} to the file
 * {@code JOB_RECORD} around {@code JOB_MILLIS} of work, answers {@code pid=<pid> type=<ce-type> data=<body>},
 * then exits 0 (1 when the body says {@code fail}, answered with 500). A body {@code hang} never gets an answer.
 */
public final class TinyJob {

    private TinyJob() {
    }

    /** Serves one invocation, then exits. */
    public static void main(String[] args) throws IOException {
        long pid = ProcessHandle.current().pid();
        Path record = Path.of(System.getenv("JOB_RECORD"));
        long work = Long.parseLong(System.getenv().getOrDefault("JOB_MILLIS", "300"));
        boolean jobMode = "Job".equals(System.getenv("QUIVER_MODE"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 50);
        server.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            String data = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            append(record, "start " + pid);
            sleep(data.contains("hang") ? 600_000 : work);
            append(record, "end " + pid);
            int status = data.contains("fail") || !jobMode ? 500 : 200;
            byte[] body = ("pid=" + pid + " type=" + exchange.getRequestHeaders().getFirst("ce-type") + " data=" + data)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            System.exit(status == 200 ? 0 : 1);
        });
        server.start();
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
