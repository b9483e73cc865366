package dev.quiver.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A function folder for {@code run: python3 server.py}: an http.server on {@code $HOST:$PORT} that answers every GET
 * and POST with its revision ({@code $QUIVER_REVISION}) and the content of {@code greeting.txt}, read at start.
 */
public final class PythonFunction {

    /** The command that runs it. */
    public static final String RUN = "python3 server.py";

    private static final String SERVER = """
            import http.server, os

            with open("greeting.txt") as f:
                GREETING = f.read().strip()

            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = (os.environ["QUIVER_REVISION"] + " " + GREETING).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    self.do_GET()

                def log_message(self, *args):
                    pass

            print("python function on port", os.environ["PORT"], flush=True)
            http.server.ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
            """;

    private PythonFunction() {
    }

    /** Writes server.py and greeting.txt into the folder (created when missing). */
    public static Path write(Path folder, String greeting) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("server.py"), SERVER);
        Files.writeString(folder.resolve("greeting.txt"), greeting + "\n");
        return folder;
    }
}
