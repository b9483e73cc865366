package dev.quiver.runtime.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.nats.NatsAccess;
import dev.quiver.standin.testing.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real nats-server with the install's users and permissions ({@code deploy/components/nats-auth/nats.conf}) and
 * mutual TLS from a CA made for the test with openssl: the runtime signs in over TLS and works; a client without
 * the CA, or with a wrong password, is refused; the function user cannot forge a stored request, read the runtime's
 * replies or delete a stream.
 */
class SecureNatsIT {

    private static final Path INSTALL_CONFIG = Path.of("..", "deploy", "components", "nats-auth", "nats.conf");
    private static final String RUNTIME_PASSWORD = "runtime-secret-1";
    private static final String FUNCTION_PASSWORD = "function-secret-1";

    private static Path dir;
    private static NatsServerProcess server;
    private static NatsServerProcess closedServer;

    @BeforeAll
    static void startServers() throws Exception {
        dir = Files.createTempDirectory("quiver-nats-tls-");
        TestCertificates.make(dir);
        String install = Files.readString(INSTALL_CONFIG);
        String tls = "\ntls {\n  cert_file: \"" + dir.resolve("server.pem") + "\"\n  key_file: \"" + dir.resolve("server.key")
                + "\"\n  ca_file: \"" + dir.resolve("ca.pem") + "\"\n  verify: true\n  timeout: 5\n}\n";
        Path config = Files.writeString(dir.resolve("nats.conf"), store(install, "store") + tls);
        // The same file without the anonymous mapping: a client without credentials is refused outright.
        Path closed = Files.writeString(dir.resolve("closed.conf"),
                store(install, "closed-store").replace("no_auth_user: quiver-function", "") + tls);
        Map<String, String> env = Map.of("QUIVER_NATS_RUNTIME_PASSWORD", RUNTIME_PASSWORD,
                "QUIVER_NATS_FUNCTION_PASSWORD", FUNCTION_PASSWORD);
        server = NatsServerProcess.start(config, env);
        closedServer = NatsServerProcess.start(closed, env);
    }

    private static String store(String config, String folder) {
        assertThat(config).contains("store_dir: /data");
        return config.replace("store_dir: /data", "store_dir: \"" + dir.resolve(folder) + "\"");
    }

    @AfterAll
    static void stopServers() {
        server.close();
        closedServer.close();
    }

    @Test
    void runtimeSignsInOverMutualTlsAndPublishesAndConsumesJetStream() throws Exception {
        NatsAccess access = access("quiver-runtime", RUNTIME_PASSWORD, true);
        try (NatsClient runtime = NatsClient.connect(server.url(), "quiver-runtime", access, StreamLimits.DEFAULTS)) {
            awaitConnected(runtime);
            Connection connection = runtime.connection();
            assertThat(connection.getServerInfo().isTLSRequired()).isTrue();
            connection.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name("SECURE").subjects("secure.>").build());
            Subscription subscription = connection.subscribe("quiver.invocations.hello");
            connection.flush(Duration.ofSeconds(5));

            connection.jetStream().publish("secure.one", "stored".getBytes(StandardCharsets.UTF_8));
            connection.publish("quiver.invocations.hello", "request".getBytes(StandardCharsets.UTF_8));

            var stored = connection.jetStream().getStreamContext("SECURE").getMessage(1);
            assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).isEqualTo("stored");
            Message request = subscription.nextMessage(Duration.ofSeconds(10));
            assertThat(request).isNotNull();
            assertThat(new String(request.getData(), StandardCharsets.UTF_8)).isEqualTo("request");
        }
    }

    @Test
    void clientWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> connectOnce(closedServer, anonymous(), "anonymous"))
                .isInstanceOf(IOException.class).hasMessageContaining("Authorization Violation");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> connectOnce(server, access("quiver-runtime", "guess", true), "guesser"))
                .isInstanceOf(IOException.class).hasMessageContaining("Authorization Violation");
    }

    @Test
    void clientThatDoesNotTrustTheCaIsRefused() {
        assertThatThrownBy(() -> connectOnce(server, access("quiver-runtime", RUNTIME_PASSWORD, false), "plain"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void functionUserCannotForgeRequestsReadRepliesOrDeleteStreamsButUsesItsSubjects() throws Exception {
        List<String> refused = new CopyOnWriteArrayList<>();
        try (NatsClient runtime = NatsClient.connect(server.url(), "quiver-runtime",
                access("quiver-runtime", RUNTIME_PASSWORD, true), StreamLimits.DEFAULTS);
                Connection function = connectOnce(server, anonymous(), "function", refused)) {
            awaitConnected(runtime);
            Connection rt = runtime.connection();
            rt.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name("VICTIM").subjects("victim.>").build());
            Subscription invocations = rt.subscribe("quiver.invocations.>");
            Subscription orders = rt.subscribe("team-a.orders");
            rt.flush(Duration.ofSeconds(5));

            function.publish("quiver.invocations.payments", "forged".getBytes(StandardCharsets.UTF_8));
            function.publish("$JS.API.STREAM.DELETE.VICTIM", new byte[0]);
            function.subscribe(NatsClient.INBOX_PREFIX + ">");
            function.subscribe("$KV.quiver-invocations.>");
            function.publish("team-a.orders", "allowed".getBytes(StandardCharsets.UTF_8));
            function.flush(Duration.ofSeconds(5));

            Message allowed = orders.nextMessage(Duration.ofSeconds(10));
            assertThat(allowed).as("the function's own subject works").isNotNull();
            awaitTrue(() -> refused.size() >= 4, () -> refused);
            assertThat(refused).anyMatch(e -> e.contains("Publish") && e.contains("quiver.invocations.payments"))
                    .anyMatch(e -> e.contains("Publish") && e.contains("$JS.API.STREAM.DELETE.VICTIM"))
                    .anyMatch(e -> e.contains("Subscription") && e.contains(NatsClient.INBOX_PREFIX + ">"))
                    .anyMatch(e -> e.contains("Subscription") && e.contains("$KV.quiver-invocations.>"));
            assertThat(invocations.nextMessage(Duration.ofMillis(500))).as("no forged request arrived").isNull();
            assertThat(rt.jetStreamManagement().getStreamNames()).as("the stream survived").contains("VICTIM");
        }
    }

    /** TLS with a client certificate but no user: what a function pod brings. */
    private static NatsAccess anonymous() {
        return new NatsAccess(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(dir.resolve("ca.pem")), Optional.of(dir.resolve("client.pem")),
                Optional.of(dir.resolve("client.key")));
    }

    private static NatsAccess access(String user, String password, boolean trustCa) {
        return new NatsAccess(Optional.empty(), Optional.empty(), Optional.of(user), Optional.of(password),
                Optional.empty(), Optional.of(dir.resolve(trustCa ? "ca.pem" : "other-ca.pem")),
                Optional.of(dir.resolve("client.pem")), Optional.of(dir.resolve("client.key")));
    }

    private static Connection connectOnce(NatsServerProcess target, NatsAccess access, String name) throws Exception {
        return connectOnce(target, access, name, new CopyOnWriteArrayList<>());
    }

    /** One connection attempt, no reconnects; the server's -ERR lines (permission violations) go to {@code errors}. */
    private static Connection connectOnce(NatsServerProcess target, NatsAccess access, String name, List<String> errors)
            throws Exception {
        Options options = access.applyTo(new Options.Builder()).server(target.url()).connectionName(name)
                .maxReconnects(0).connectionTimeout(Duration.ofSeconds(5))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                }).build();
        return Nats.connect(options);
    }

    private static void awaitConnected(NatsClient client) {
        awaitTrue(client::connected, () -> "not connected; see " + server.log());
    }

    private static void awaitTrue(BooleanSupplier check, Supplier<?> state) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting; state: " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
