package dev.quiver.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secret that every admin API request carries ({@code Authorization: Bearer <token>}), kept in
 * {@value #FILE_NAME} in the work folder, readable by its owner only (0600): the CLI of the same user reads it there,
 * other users of the machine and web pages cannot. A token already there is reused, so CLIs and runtimes sharing a
 * work folder keep working across restarts; one that is malformed or readable by others is replaced.
 */
public final class AdminToken {

    /** The token file's name inside the work folder. */
    public static final String FILE_NAME = "admin-token";

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{32,128}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String value;
    private final Path file;

    private AdminToken(String value, Path file) {
        this.value = value;
        this.file = file;
    }

    /** The token of the work folder: the one in its file when that is sound, else a new one written there. */
    public static AdminToken inWorkDir(Path workDir) {
        Path file = workDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(workDir);
            String existing = readSound(file);
            if (existing != null) {
                return new AdminToken(existing, file);
            }
            return new AdminToken(write(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin API token in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file the token is in. */
    public Path file() {
        return file;
    }

    /** Whether an {@code Authorization} header carries this token; compared in constant time. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The token in the file, or null when there is none, it is malformed, or others may read it. */
    private static String readSound(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (posix != null && !OWNER_ONLY.containsAll(posix.readAttributes().permissions())) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return FORMAT.matcher(text).matches() ? text : null;
    }

    /**
     * Writes a new token to a private temporary file, then links it into place so that two runtimes starting on one
     * work folder agree on one token: the second finds the first's. A file that is there but unsound is replaced.
     */
    private static String write(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temp = Files.createTempFile(file.getParent(), ".admin-token", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.createLink(file, temp);
                return token;
            } catch (FileAlreadyExistsException raced) {
                String theirs = readSound(file);
                if (theirs != null) {
                    return theirs;
                }
            } catch (IOException | UnsupportedOperationException noLinks) {
                // a file system without hard links: a plain replace below
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return token;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
