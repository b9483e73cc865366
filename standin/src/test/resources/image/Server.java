import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A test function: serves $PORT on $QUARKUS_HTTP_HOST ("/" greets, "/health/ready", "/env/NAME" echoes a variable),
 * says so in its log when SIGTERM stops it; with arguments "exit N" it exits at once with code N (a Job).
 */
public class Server {

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("exit")) {
            System.out.println("job ran; exiting with " + args[1]);
            System.exit(Integer.parseInt(args[1]));
        }
        String host = System.getenv().getOrDefault("QUARKUS_HTTP_HOST", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/health/ready", exchange -> reply(exchange, 200, "ready"));
        server.createContext("/env/", exchange -> {
            String value = System.getenv(exchange.getRequestURI().getPath().substring("/env/".length()));
            reply(exchange, value == null ? 404 : 200, value == null ? "" : value);
        });
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                reply(exchange, 404, "");
                return;
            }
            reply(exchange, 200, System.getenv().getOrDefault("GREETING", "hello") + " from " + System.getenv("HOSTNAME"));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SIGTERM received; stopping");
            server.stop(0);
        }));
        server.start();
        System.out.println("listening on " + host + ":" + port);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
