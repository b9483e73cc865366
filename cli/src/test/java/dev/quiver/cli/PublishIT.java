package dev.quiver.cli;

import dev.quiver.cli.fake.CliRun;
import dev.quiver.standin.testing.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** quiver publish against a real nats-server on loopback. */
class PublishIT {

    private NatsServerProcess server;
    private Connection nats;

    @BeforeEach
    void startNats() throws Exception {
        server = NatsServerProcess.start();
        nats = Nats.connect(server.url());
    }

    @AfterEach
    void stopNats() throws Exception {
        nats.close();
        server.close();
    }

    private CliRun quiver(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--nats-url=" + server.url();
        return CliRun.of(all);
    }

    @Test
    void jsonDataAndHeadersArePublishedOnCoreNats() throws Exception {
        Subscription events = nats.subscribe("link-events");
        nats.flush(Duration.ofSeconds(5));

        String data = "{\"Username\":\"gigi\",\"Url\":\"https://example.com\"}";

        CliRun run = quiver("publish", "link-events", "--data", data, "--header", "trace=abc");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Published " + data.length() + " bytes to link-events\n");
        Message message = events.nextMessage(Duration.ofSeconds(5));
        assertThat(message).as("the published message").isNotNull();
        assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo(data);
        assertThat(message.getHeaders().getFirst("trace")).isEqualTo("abc");
    }

    @Test
    void invalidJsonIsAUsageErrorAndNothingIsPublished() throws Exception {
        Subscription events = nats.subscribe("link-events");
        nats.flush(Duration.ofSeconds(5));

        CliRun run = quiver("publish", "link-events", "--data", "{\"Username\": gigi}");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--data is not valid JSON", "--raw");
        // The next message on the subject is the raw one below: the invalid one never went out.
        CliRun raw = quiver("publish", "link-events", "--data", "not json", "--raw");
        assertThat(raw.exitCode()).as(raw.err()).isZero();
        Message message = events.nextMessage(Duration.ofSeconds(5));
        assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("not json");
    }

    @Test
    void jetstreamPublishPrintsTheStreamAndSequenceAndSpotsDuplicates() throws Exception {
        JetStreamManagement streams = nats.jetStreamManagement();
        streams.addStream(StreamConfiguration.builder().name("LINKS").subjects("link-events")
                .storageType(StorageType.Memory).build());

        CliRun first = quiver("publish", "link-events", "--data", "{\"n\":1}", "--jetstream", "-H", "Nats-Msg-Id=one");
        CliRun second = quiver("publish", "link-events", "--data", "{\"n\":2}", "--jetstream");
        CliRun again = quiver("publish", "link-events", "--data", "{\"n\":1}", "--jetstream", "-H", "Nats-Msg-Id=one");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("Stored in stream LINKS at sequence 1\n");
        assertThat(second.out()).isEqualTo("Stored in stream LINKS at sequence 2\n");
        assertThat(again.out()).startsWith("Stored in stream LINKS at sequence 1 (a duplicate");
        assertThat(streams.getStreamInfo("LINKS").getStreamState().getMsgCount()).isEqualTo(2);
    }

    @Test
    void jetstreamPublishWithNoStreamForTheSubjectFailsAndSaysWhy() {
        CliRun run = quiver("publish", "nobody-stores-this", "--data", "{}", "--jetstream", "--timeout", "1s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("no JetStream stream stored the message on nobody-stores-this",
                "createStream: true");
    }

    @Test
    void requestPrintsTheReply() {
        Dispatcher responder = nats.createDispatcher(message ->
                nats.publish(message.getReplyTo(), ("hello " + new String(message.getData(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
        responder.subscribe("greet");

        CliRun run = quiver("publish", "greet", "--data", "\"Ada\"", "--reply");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("hello \"Ada\"\n");
    }

    @Test
    void requestThatNobodyAnswersFailsAndSaysSo() {
        CliRun run = quiver("publish", "nobody-listens", "--reply", "--timeout", "500ms");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("no reply on nobody-listens within 500 ms");
    }

    @Test
    void noNatsServerSaysHowToGetOne() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = CliRun.of("publish", "link-events", "--data", "{}", "--nats-url", "nats://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(run.err()).contains("no NATS server at nats://127.0.0.1:" + closedPort, "./quiver dev");
    }
}
