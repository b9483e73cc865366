package dev.quiver.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Options;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The access settings say what clashes, and never show a password or token. */
class NatsAccessTest {

    private static NatsAccess userAndToken(String password, String token) {
        return new NatsAccess(Optional.empty(), Optional.empty(), Optional.of("quiver-runtime"), Optional.of(password),
                Optional.of(token), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void secretsAreNeverInTheDescriptionOrToString() {
        NatsAccess access = new NatsAccess(Optional.empty(), Optional.empty(), Optional.of("quiver-runtime"),
                Optional.of("s3cret-pass"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(access.describe()).isEqualTo("user quiver-runtime, no TLS settings");
        assertThat(access + " " + userAndToken("s3cret-pass", "s3cret-token")).doesNotContain("s3cret");
    }

    @Test
    void twoWaysOfSigningInAndHalfAClientCertificateAreRefusedWithEveryProblem() {
        NatsAccess access = new NatsAccess(Optional.empty(), Optional.empty(), Optional.of("u"), Optional.of("p"),
                Optional.of("t"), Optional.empty(), Optional.of(Path.of("/nonexistent/client.pem")), Optional.empty());

        assertThat(access.problems()).containsExactly(
                "set one way to authenticate: a creds file, an NKey seed file, user and password, or a token",
                "a client certificate and its key go together: set both or neither",
                "cannot read /nonexistent/client.pem");
        assertThatThrownBy(() -> access.applyTo(new Options.Builder())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("NATS access: set one way");
    }

    @Test
    void blankValuesCountAsUnset() {
        NatsAccess access = new NatsAccess(Optional.empty(), Optional.empty(), Optional.of(" "), Optional.of(""),
                Optional.of(""), Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(access.problems()).isEmpty();
        assertThat(access.describe()).isEqualTo("no credentials, no TLS settings");
    }
}
