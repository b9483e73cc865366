package dev.quiver.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Digests of a function's source folder: the files Maven builds from (or a {@code run:} command runs from), leaving
 * out build output ({@code target}), installed packages ({@code node_modules}), Python's byte-code caches, hidden
 * files and folders, and {@code function.yaml} (whose template is hashed on its own). A cheap {@link #stamp} (names, sizes, times)
 * tells when to compute the {@link #content} digest again.
 */
public final class SourceDigest {

    private static final Set<String> SKIPPED = Set.of("target", "node_modules", "__pycache__", "function.yaml");

    private SourceDigest() {
    }

    /** A fingerprint of names, sizes and modification times: changes whenever a source file does. */
    public static String stamp(Path folder) {
        MessageDigest digest = sha256();
        for (Path file : sourceFiles(folder)) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                digest.update((folder.relativize(file) + "|" + attributes.size() + "|"
                        + attributes.lastModifiedTime().toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                digest.update(("gone:" + file).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A digest of the names and contents of the source files (16 hex digits). */
    public static String content(Path folder) {
        MessageDigest digest = sha256();
        for (Path file : sourceFiles(folder)) {
            try {
                digest.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static List<Path> sourceFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> included(folder.relativize(file)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Whether a path relative to the function's folder is part of its source (a folder: all that is under it). */
    static boolean included(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (SKIPPED.contains(name) || name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
