package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over real HTTP on loopback: it answers the CLI with the work folder's token, and refuses
 * DNS-rebinding requests and requests without that token.
 */
class AdminServerTest {

    @TempDir
    Path work;

    private Vertx vertx;
    private LocalPlatform platform;
    private AdminServer admin;
    private AdminToken token;

    @BeforeEach
    void start() {
        LocalSettings settings = new LocalSettings(work, work.resolve(".quiver"), new JavaHome(Path.of("/jdk"), 21),
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMinutes(5),
                "http://localhost:0", false, Optional.empty());
        platform = new LocalPlatform(settings);
        vertx = Vertx.vertx();
        token = AdminToken.inWorkDir(settings.workDir());
        admin = AdminServer.start(vertx, new LocalFunctionStore(settings, platform, Clock.systemUTC()), 0, token);
    }

    @AfterEach
    void stop() {
        admin.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        platform.close();
    }

    @Test
    void answersRequestsForLoopbackNames() throws IOException {
        assertThat(get("localhost:" + admin.port(), null)).startsWith("HTTP/1.1 200");
        assertThat(get("127.0.0.1:" + admin.port(), null)).startsWith("HTTP/1.1 200");
        assertThat(get("[::1]:" + admin.port(), "http://localhost:3000")).startsWith("HTTP/1.1 200");
    }

    @Test
    void answersAClientThatUpgradesToHttp2AndSendsNoHostHeader() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI functions = URI.create("http://127.0.0.1:" + admin.port() + "/v1/functions");

        for (int request = 1; request <= 2; request++) { // the first upgrades, the second goes over HTTP/2
            HttpResponse<String> reply = client.send(HttpRequest.newBuilder(functions)
                    .header("Authorization", "Bearer " + tokenText()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as("request %d over %s: %s", request, reply.version(), reply.body()).isEqualTo(200);
        }
    }

    @Test
    void refusesAForeignHostAsInDnsRebinding() throws IOException {
        String reply = get("attacker.example:" + admin.port(), null);

        assertThat(reply).startsWith("HTTP/1.1 403").contains("application/json").contains("\"error\":\"Forbidden\"");
    }

    @Test
    void refusesALoopbackNameThatIsOnlyAPrefix() throws IOException {
        assertThat(get("localhost.attacker.example:" + admin.port(), null)).startsWith("HTTP/1.1 403");
        assertThat(get("127.0.0.1.nip.io:" + admin.port(), null)).startsWith("HTTP/1.1 403");
    }

    @Test
    void refusesAForeignOrigin() throws IOException {
        String reply = get("localhost:" + admin.port(), "http://attacker.example");

        assertThat(reply).startsWith("HTTP/1.1 403").contains("\"error\":\"Forbidden\"");
    }

    @Test
    void refusesChangesFromAForeignOriginToo() throws IOException {
        String reply = request("PUT /v1/functions/hello/traffic HTTP/1.1\r\nHost: localhost:" + admin.port()
                + "\r\nAuthorization: Bearer " + tokenText() + "\r\nOrigin: https://attacker.example\r\nContent-Type: application/json\r\nContent-Length: 2"
                + "\r\nConnection: close\r\n\r\n[]");

        assertThat(reply).startsWith("HTTP/1.1 403");
    }

    @Test
    void refusesARequestWithoutTheTokenWithAJson401() throws IOException {
        String reply = request("GET /v1/functions HTTP/1.1\r\nHost: localhost:" + admin.port()
                + "\r\nConnection: close\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 401").contains("application/json")
                .contains("\"error\":\"AdminTokenRequired\"").contains(token.file().toString())
                .doesNotContain(tokenText());
    }

    @Test
    void refusesAWrongTokenAndChangesNothing() throws IOException {
        String reply = request("PUT /v1/functions/hello/traffic HTTP/1.1\r\nHost: localhost:" + admin.port()
                + "\r\nAuthorization: Bearer " + "x".repeat(43) + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]");

        assertThat(reply).startsWith("HTTP/1.1 401").contains("\"error\":\"InvalidAdminToken\"");
    }

    @Test
    void keepsTheTokenInAFileOnlyItsOwnerCanRead() throws IOException {
        assertThat(Files.getPosixFilePermissions(token.file()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(token.file().getParent()).isEqualTo(work.resolve(".quiver"));
    }

    @Test
    void aRestartOnTheSameWorkFolderKeepsTheToken() {
        AdminToken again = AdminToken.inWorkDir(work.resolve(".quiver"));

        assertThat(again.accepts("Bearer " + tokenText())).isTrue();
    }

    @Test
    void aTokenFileOthersCanReadIsReplaced() throws IOException {
        String before = tokenText();
        Files.setPosixFilePermissions(token.file(), PosixFilePermissions.fromString("rw-r--r--"));

        AdminToken replaced = AdminToken.inWorkDir(work.resolve(".quiver"));

        assertThat(replaced.accepts("Bearer " + before)).isFalse();
        assertThat(Files.getPosixFilePermissions(token.file())).doesNotContain(PosixFilePermission.OTHERS_READ);
    }

    private String tokenText() {
        try {
            return Files.readString(token.file()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String get(String host, String origin) throws IOException {
        return request("GET /v1/functions HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + tokenText()
                + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n");
    }

    /** A raw HTTP/1.1 exchange, since Java's HTTP client will not send a Host header of our choosing. */
    private String request(String text) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", admin.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theRolloutCommandNeedsTheTokenAKnownActionAndAKnownFunction() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI rollout = URI.create("http://127.0.0.1:" + admin.port() + "/v1/functions/nobody/rollout");

        HttpResponse<String> noToken = client.send(HttpRequest.newBuilder(rollout)
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"promote\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknownAction = client.send(HttpRequest.newBuilder(rollout)
                .header("Authorization", "Bearer " + tokenText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"skip\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknownFunction = client.send(HttpRequest.newBuilder(rollout)
                .header("Authorization", "Bearer " + tokenText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"abort\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(unknownAction.statusCode()).isEqualTo(400);
        assertThat(unknownAction.body()).contains("\"error\":\"InvalidAction\"").contains("action 'skip'");
        assertThat(unknownFunction.statusCode()).isEqualTo(404);
        assertThat(unknownFunction.body()).contains("no function named nobody");
    }
}
