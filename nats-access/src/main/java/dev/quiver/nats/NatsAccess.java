package dev.quiver.nats;

import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a Quiver process proves who it is to NATS and checks the server: at most one of a creds file (JWT and NKey
 * seed, as {@code nsc} writes it), an NKey seed file, user and password, or a token; and TLS with a CA file, and a
 * client certificate and key when the server asks for one (PEM files, as Kubernetes TLS Secrets hold them).
 * Nothing set: no credentials and plain TCP (unless the URL is {@code tls://}), as before. Secrets are never part
 * of {@link #toString()} or of {@link #describe()}.
 *
 * @param credsFile a NATS creds file
 * @param nkeyFile  a file holding an NKey seed ({@code SU...})
 * @param user      a user name (with {@code password})
 * @param password  the user's password
 * @param token     an authentication token
 * @param caFile    the PEM CA certificate(s) the server's certificate must chain to
 * @param certFile  the PEM client certificate (mutual TLS), with {@code keyFile}
 * @param keyFile   the client's PEM private key (PKCS#8)
 */
public record NatsAccess(Optional<Path> credsFile, Optional<Path> nkeyFile, Optional<String> user,
        Optional<String> password, Optional<String> token, Optional<Path> caFile, Optional<Path> certFile,
        Optional<Path> keyFile) {

    /** No credentials, no TLS settings. */
    public static final NatsAccess NONE = new NatsAccess(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public NatsAccess {
        user = nonBlank(user);
        password = nonBlank(password);
        token = nonBlank(token);
    }

    /** The problems a person must fix (which settings clash or which files are missing); empty when usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        long ways = List.of(credsFile.isPresent(), nkeyFile.isPresent(), user.isPresent(), token.isPresent()).stream()
                .filter(Boolean::booleanValue).count();
        if (ways > 1) {
            problems.add("set one way to authenticate: a creds file, an NKey seed file, user and password, or a token");
        }
        if (password.isPresent() && user.isEmpty()) {
            problems.add("a password needs a user");
        }
        if (certFile.isPresent() != keyFile.isPresent()) {
            problems.add("a client certificate and its key go together: set both or neither");
        }
        for (Optional<Path> file : List.of(credsFile, nkeyFile, caFile, certFile, keyFile)) {
            file.filter(path -> !Files.isReadable(path)).ifPresent(path -> problems.add("cannot read " + path));
        }
        return problems;
    }

    /** Whether TLS settings (a CA file) are given. */
    public boolean tls() {
        return caFile.isPresent();
    }

    /**
     * Adds the credentials and TLS to the connection's options.
     *
     * @throws IllegalArgumentException with every {@link #problems()} when the settings are unusable
     */
    public Options.Builder applyTo(Options.Builder options) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("NATS access: " + String.join("; ", problems));
        }
        credsFile.ifPresent(file -> options.authHandler(Nats.credentials(file.toString())));
        nkeyFile.ifPresent(file -> options.authHandler(Nats.credentials(null, file.toString())));
        user.ifPresent(name -> options.userInfo(name.toCharArray(), password.orElse("").toCharArray()));
        token.ifPresent(value -> options.token(value.toCharArray()));
        caFile.ifPresent(ca -> options.sslContext(PemTls.context(ca, certFile, keyFile)));
        return options;
    }

    /** What is used, for a log line: the way of authenticating and the files, never a secret. */
    public String describe() {
        String auth = credsFile.map(f -> "creds file " + f)
                .or(() -> nkeyFile.map(f -> "NKey seed file " + f))
                .or(() -> user.map(u -> "user " + u))
                .or(() -> token.map(t -> "a token"))
                .orElse("no credentials");
        String tls = caFile.map(ca -> "TLS (CA " + ca + certFile.map(c -> ", client certificate " + c).orElse("") + ")")
                .orElse("no TLS settings");
        return auth + ", " + tls;
    }

    @Override
    public String toString() {
        return "NatsAccess[" + describe() + "]";
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(text -> !text.isBlank());
    }
}
