package dev.quiver.runtime.local.jobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A minimal Job-mode function, packed into a jar for the job runner's tests: it serves $PORT and
 * {@code /health/ready}; the one POST to {@code /} appends {@code start <pid>} and {@code end <pid>} to the file
 * {@code JOB_RECORD} around {@code JOB_MILLIS} of work, answers {@code pid=<pid> type=<ce-type> data=<body>},
 * then exits 0 (1 when the body says {@code fail}, answered with 500). A body {@code hang} never gets an answer;
 * a body {@code flood} gets a 128 MiB answer; a body {@code linger} gets its answer, and the process never exits.
 */
public final class TinyJob {

    /** The size of the answer to a body that says {@code flood}. */
    static final long FLOOD_BYTES = 128L * 1024 * 1024;

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
            if (data.contains("flood")) {
                flood(exchange);
            }
            append(record, "start " + pid);
            sleep(data.contains("hang") ? 600_000 : work);
            append(record, "end " + pid);
            int status = data.contains("fail") || !jobMode ? 500 : 200;
            byte[] body = ("pid=" + pid + " type=" + exchange.getRequestHeaders().getFirst("ce-type") + " data=" + data)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (data.contains("linger")) {
                System.out.println("answered; lingering instead of exiting");
                return; // the server's thread keeps the process alive
            }
            System.exit(status == 200 ? 0 : 1);
        });
        server.start();
    }

    /** Answers 200 with {@value #FLOOD_BYTES} bytes, then exits 0; 1 when the reader closes the connection first. */
    private static void flood(HttpExchange exchange) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try {
            exchange.sendResponseHeaders(200, 0);
            for (long sent = 0; sent < FLOOD_BYTES; sent += chunk.length) {
                exchange.getResponseBody().write(chunk);
            }
            exchange.close();
        } catch (IOException cutOff) {
            System.exit(1);
        }
        System.exit(0);
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
