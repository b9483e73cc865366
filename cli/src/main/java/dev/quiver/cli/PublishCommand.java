package dev.quiver.cli;

import dev.quiver.cli.nats.NatsPublisher;
import dev.quiver.cli.nats.Publication;
import dev.quiver.nats.NatsAccess;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code quiver publish SUBJECT}: one message on NATS, e.g. an event that triggers a function. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish a message on NATS: the events that NATS and JetStream triggers deliver to functions.",
                "--data must be JSON unless --raw. With --jetstream, wait until a stream has stored the message; "
                        + "with --reply, wait for an answer and print it."},
        footer = {"", "Examples:",
                "  quiver publish link-events --data '{\"Username\":\"gigi\",\"Url\":\"https://example.com\"}' --jetstream",
                "  quiver publish greetings --data @event.json --header Nats-Msg-Id=greeting-1",
                "  quiver publish time.now --reply --timeout 2s"})
public class PublishCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject, e.g. link-events (no wildcards).")
    String subject;

    @Option(names = {"-d", "--data"}, paramLabel = "JSON|@FILE",
            description = "The message data: JSON text, @FILE to read it from a file, or @- for standard input. "
                    + "Without it, the message is empty.")
    String data;

    @Option(names = "--raw", description = "Send --data as it is, without checking that it is JSON.")
    boolean raw;

    @Option(names = {"-H", "--header"}, paramLabel = "K=V", description = "A NATS message header. Repeatable.")
    List<String> headers = new ArrayList<>();

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    /** How the publish is confirmed: not at all (core NATS), by the stream, or by a reply. */
    static class Mode {
        @Option(names = "--jetstream", description = "Publish to JetStream and print the stream and sequence that "
                + "stored the message; fails when no stream captures the subject.")
        boolean jetstream;

        @Option(names = "--reply", description = "Send a request and print the reply (request/reply).")
        boolean reply;
    }

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationOption.class,
            description = "How long to wait for the stream's acknowledgement or the reply, e.g. 500ms, 5s, 1m "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--nats-url", paramLabel = "URL", defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
            description = "The NATS server (default: ${DEFAULT-VALUE}; env NATS_URL).")
    String natsUrl;

    @Option(names = "--nats-creds", paramLabel = "FILE", defaultValue = "${env:NATS_CREDS}",
            description = "A NATS creds file to sign in with (env NATS_CREDS).")
    Path natsCreds;

    @Option(names = "--nats-nkey", paramLabel = "FILE", defaultValue = "${env:NATS_NKEY}",
            description = "A file holding an NKey seed to sign in with (env NATS_NKEY).")
    Path natsNkey;

    @Option(names = "--nats-user", paramLabel = "USER", defaultValue = "${env:NATS_USER}",
            description = "A NATS user (env NATS_USER); the password is read from env NATS_PASSWORD only, a token "
                    + "from NATS_TOKEN, so that neither shows in the process list.")
    String natsUser;

    @Option(names = "--nats-ca", paramLabel = "FILE", defaultValue = "${env:NATS_CA}",
            description = "PEM CA certificate(s) the server's certificate must chain to; turns TLS on (env NATS_CA).")
    Path natsCa;

    @Option(names = "--nats-cert", paramLabel = "FILE", defaultValue = "${env:NATS_CERT}",
            description = "PEM client certificate for mutual TLS, with --nats-key (env NATS_CERT).")
    Path natsCert;

    @Option(names = "--nats-key", paramLabel = "FILE", defaultValue = "${env:NATS_KEY}",
            description = "The client certificate's PKCS#8 PEM key (env NATS_KEY).")
    Path natsKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Publication publication;
        try {
            publication = Publication.of(subject, headers, DataArgument.read(spec.commandLine(), data), raw);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Duration wait = parseTimeout();
        PrintWriter out = spec.commandLine().getOut();
        NatsAccess access = new NatsAccess(Optional.ofNullable(natsCreds), Optional.ofNullable(natsNkey),
                Optional.ofNullable(natsUser), Optional.ofNullable(System.getenv("NATS_PASSWORD")),
                Optional.ofNullable(System.getenv("NATS_TOKEN")), Optional.ofNullable(natsCa),
                Optional.ofNullable(natsCert), Optional.ofNullable(natsKey));
        if (!access.problems().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "NATS access: " + String.join("; ", access.problems()));
        }
        try (NatsPublisher nats = NatsPublisher.connect(natsUrl, access)) {
            if (mode.jetstream) {
                NatsPublisher.Stored stored = nats.publishToStream(publication, wait);
                out.println("Stored in stream " + stored.stream() + " at sequence " + stored.sequence()
                        + (stored.duplicate() ? " (a duplicate: the stream already had this Nats-Msg-Id)" : ""));
            } else if (mode.reply) {
                String answer = nats.request(publication, wait);
                out.print(answer.isEmpty() || answer.endsWith("\n") ? answer : answer + "\n");
            } else {
                nats.publish(publication);
                out.println("Published " + publication.data().length + " bytes to " + subject);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Duration parseTimeout() {
        if (timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be longer than 0");
        }
        return timeout;
    }
}
