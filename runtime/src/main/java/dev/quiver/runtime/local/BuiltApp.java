package dev.quiver.runtime.local;

import dev.quiver.api.contract.DefaultProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a function's revisions run, made from its folder: the built Quarkus app, or for a function with
 * {@code spec.run} a copy of the folder and the command.
 *
 * @param folder       the immutable folder replicas run in
 * @param digest       the fingerprint of the source it was made from (and of the run command)
 * @param defaultProbe the probes' default, chosen from the app's libraries ({@link DefaultProbe#detect}); Tcp for a
 *                     run function
 * @param run          the run command; null for a Java app
 */
record BuiltApp(Path folder, String digest, DefaultProbe defaultProbe, String run) {

    /** The revision's image, as the API shows it: the digest stands for the immutable app. */
    String image() {
        return "local:" + digest;
    }

    /** The AOT cache made when it was built (never for a run function). */
    Optional<Path> aotCache() {
        Path cache = folder.resolve("app.aot");
        return run == null && Files.isRegularFile(cache) ? Optional.of(cache) : Optional.empty();
    }
}
