package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.fake.CliRun;
import dev.quiver.standin.testing.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.NKey;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** quiver publish signs in to a nats-server that lets in only users with an NKey, and says so when it cannot. */
class PublishWithCredentialsIT {

    private Path dir;
    private Path seed;
    private NatsServerProcess server;
    private Connection listener;

    @BeforeEach
    void startServerWithNKeyUsers() throws Exception {
        dir = Files.createTempDirectory("quiver-cli-nkey-");
        NKey user = NKey.createUser(null);
        seed = Files.writeString(dir.resolve("user.nk"), new String(user.getSeed()) + "\n");
        Path config = Files.writeString(dir.resolve("nats.conf"),
                "authorization { users = [ { nkey: \"" + new String(user.getPublicKey()) + "\" } ] }\n");
        server = NatsServerProcess.start(List.of("-c", config.toString()));
        listener = Nats.connect(new Options.Builder().server(server.url())
                .authHandler(Nats.credentials(null, seed.toString())).build());
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        server.close();
    }

    @Test
    void publishSignsInWithTheNKeySeedFile() throws Exception {
        Subscription events = listener.subscribe("link-events");
        listener.flush(Duration.ofSeconds(5));

        CliRun run = CliRun.of("publish", "link-events", "--data", "{}", "--nats-url", server.url(),
                "--nats-nkey", seed.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Message message = events.nextMessage(Duration.ofSeconds(5));
        assertThat(message).isNotNull();
        assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void publishWithoutCredentialsSaysTheServerRefusedAndHowToSignIn() {
        CliRun run = CliRun.of("publish", "link-events", "--data", "{}", "--nats-url", server.url());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("the NATS server at " + server.url() + " refused to let us in (no credentials, "
                + "no TLS settings): pass --nats-creds, --nats-nkey or --nats-user with NATS_PASSWORD, or NATS_TOKEN");
    }

    @Test
    void twoWaysOfSigningInAreRefusedBeforeConnecting() {
        CliRun run = CliRun.of("publish", "link-events", "--nats-url", server.url(), "--nats-nkey", seed.toString(),
                "--nats-user", "someone");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("set one way to authenticate");
    }
}
