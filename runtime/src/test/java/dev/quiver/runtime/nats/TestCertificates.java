package dev.quiver.runtime.nats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with openssl for one test: a CA ({@code ca.pem}), a server certificate for 127.0.0.1
 * ({@code server.pem}, {@code server.key}) and a client certificate ({@code client.pem}, {@code client.key}) it
 * signed, and an unrelated CA ({@code other-ca.pem}) that a client may wrongly trust. Keys are PKCS#8 PEM.
 */
final class TestCertificates {

    private TestCertificates() {
    }

    /** Writes the files into the folder. */
    static void make(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String ca : List.of("ca", "other-ca")) {
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=quiver-test-" + ca,
                    "-keyout", ca + ".key", "-out", ca + ".pem");
        }
        for (String leaf : List.of("server", "client")) {
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=quiver-test-" + leaf,
                    "-keyout", leaf + ".key", "-out", leaf + ".csr");
            openssl(dir, "x509", "-req", "-in", leaf + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", leaf + ".ext", "-out", leaf + ".pem");
        }
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed; see " + log);
        }
    }
}
