package dev.quiver.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Small files the local platform keeps across runs under its work folder (its state, replica pid files): written to a
 * temporary file and moved into place, so a crash mid-write leaves the old file or the new one, never half of one.
 */
public final class StateFile {

    private StateFile() {
    }

    /**
     * A name for what belongs to one functions folder, for files in a work folder that several runtimes share (one per
     * functions folder): the folder's name and a hash of its absolute path.
     */
    public static String keyOf(Path functionsDir) {
        Path absolute = functionsDir.toAbsolutePath().normalize();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(absolute.toString().getBytes(StandardCharsets.UTF_8));
            Path name = absolute.getFileName();
            return (name == null ? "root" : name.toString().replaceAll("[^A-Za-z0-9._-]", "_")) + "-"
                    + HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Replaces the file's content atomically (where the file system can move atomically). */
    public static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
