package dev.quiver.runtime.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos suite's function, a {@code run: python3 server.py} folder (no Maven build): it reads any request body
 * without keeping it, appends the event's or invocation's id ({@code ce-id}, else {@code X-Quiver-Invocation-Id})
 * to a ledger file outside its folder (a file in the folder would make a new revision), waits
 * {@code ?delayMs=} (default {@code $DELAY_MS}) and answers {@code {"id": ...}}. With {@code ?huge} it answers
 * a 1 GiB body instead. The ledger is written before the answer, so an id in it was handled at least once and
 * an id twice in it was handled twice.
 */
final class ChaosFunction {

    /** The function's name. */
    static final String NAME = "chaos";

    private static final String SERVER = """
            import http.server, os, time, json, urllib.parse

            LEDGER = os.environ["LEDGER"]
            DELAY_MS = int(os.environ.get("DELAY_MS", "0"))

            class Handler(http.server.BaseHTTPRequestHandler):
                def drain(self):
                    if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                        while True:
                            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                            if size == 0:
                                self.rfile.readline()
                                return
                            while size > 0:
                                size -= len(self.rfile.read(min(size, 65536)))
                            self.rfile.readline()
                    left = int(self.headers.get("Content-Length") or 0)
                    while left > 0:
                        chunk = self.rfile.read(min(left, 65536))
                        if not chunk:
                            return
                        left -= len(chunk)

                def answer(self):
                    url = urllib.parse.urlparse(self.path)
                    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
                    if "huge" in query:
                        size = 1 << 30
                        self.send_response(200)
                        self.send_header("Content-Type", "application/octet-stream")
                        self.send_header("Content-Length", str(size))
                        self.end_headers()
                        block = b"x" * 65536
                        try:
                            for _ in range(size // len(block)):
                                self.wfile.write(block)
                        except OSError:
                            pass
                        return
                    key = self.headers.get("ce-id") or self.headers.get("X-Quiver-Invocation-Id") or ""
                    if key:
                        fd = os.open(LEDGER, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                        os.write(fd, (key + "\\n").encode())
                        os.close(fd)
                    delay = query.get("delayMs", [DELAY_MS])[0]
                    time.sleep(int(delay) / 1000.0)
                    body = json.dumps({"id": key, "revision": os.environ["QUIVER_REVISION"]}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def do_GET(self):
                    self.answer()

                def do_POST(self):
                    self.drain()
                    self.answer()

                def log_message(self, *args):
                    pass

            print("chaos function on port", os.environ["PORT"], flush=True)
            http.server.ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
            """;

    private ChaosFunction() {
    }

    /**
     * Writes the function's folder with its function.yaml.
     *
     * @param folder   the function's folder under the runtime's functions folder
     * @param ledger   where it appends the ids it handles
     * @param triggers the {@code spec.triggers} block, YAML indented by four spaces (may be empty)
     */
    static void write(Path folder, Path ledger, String triggers) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("server.py"), SERVER);
            Files.writeString(folder.resolve("function.yaml"), """
                    apiVersion: quiver.dev/v1alpha1
                    kind: Function
                    metadata:
                      name: %s
                    spec:
                      run: "python3 server.py"
                      template:
                        timeoutSeconds: 30
                        env:
                          - {name: LEDGER, value: "%s"}
                          - {name: DELAY_MS, value: "20"}
                        scale: {min: 1, max: 2}
                    %s""".formatted(NAME, ledger, triggers.isEmpty() ? "" : "  triggers:\n" + triggers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times each id was handled, from the ledger. */
    static Map<String, Integer> handled(Path ledger) {
        Map<String, Integer> counts = new HashMap<>();
        try {
            List<String> lines = Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
            for (String line : lines) {
                if (!line.isBlank()) {
                    counts.merge(line.strip(), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
