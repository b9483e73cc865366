package dev.quiver.runtime.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The app of a function whose {@code function.yaml} sets {@code spec.run} (e.g. {@code node server.js}): no Maven
 * build, its folder is the app. Each revision runs a copy of the folder made when the revision was, so editing a file
 * makes a new revision and never changes what a running one serves.
 *
 * <p>The copy holds the files {@link SourceDigest} digests: everything but hidden files and folders ({@code .git},
 * {@code .venv}), {@code target}, {@code node_modules}, {@code __pycache__} and {@code function.yaml}. Installed
 * packages are not copied: when the folder has {@code node_modules}, the copy gets a link to it, so every revision
 * uses the packages installed now (changing {@code package.json} or its lock file makes a new revision; installing
 * alone does not). A command that needs other left-out files, such as a virtual environment in {@code .venv},
 * must name them by absolute path, since it runs in the copy.
 *
 * <p>A replica runs {@code sh -c "<run>"} in the copy, with the environment of every replica
 * ({@link LaunchSpec#environment}: {@code PORT}, {@code QUIVER_*}, and {@code HOST=127.0.0.1}); it must serve HTTP
 * on {@code $PORT}. Without a probe in the template, it is checked by a TCP connect to that port. It gets no AOT cache.
 */
public final class RunCommandApp {

    /** The folder of installed Node packages, linked into each copy rather than copied. */
    static final String NODE_MODULES = "node_modules";

    private RunCommandApp() {
    }

    /**
     * What a revision of a run function is made from: the folder's source files and the command (16 hex digits). A
     * change of either makes a new revision.
     */
    public static String digest(Path folder, String run) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("run\0" + run + "\0" + SourceDigest.content(folder)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Copies the folder's source files to {@code target} (once: a finished copy is never changed) and returns it. */
    public static Path copy(Path folder, Path target) {
        Path packages = folder.resolve(NODE_MODULES).toAbsolutePath();
        AppFolders.copyImmutable(folder, target, SourceDigest::included, copy -> {
            if (Files.isDirectory(packages)) {
                Files.createSymbolicLink(copy.resolve(NODE_MODULES), packages);
            }
        });
        return target;
    }
}
