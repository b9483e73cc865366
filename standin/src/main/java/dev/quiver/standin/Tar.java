package dev.quiver.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A small tar reader for image layers (ustar, GNU long names, PAX paths) that applies a layer onto a root folder,
 * with OCI whiteouts: {@code .wh.NAME} deletes NAME, {@code .wh..wh..opq} empties its folder.
 */
final class Tar {

    private static final int BLOCK = 512;
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private Tar() {
    }

    /** Applies the tar stream onto {@code root}, whiteouts included. */
    static void extract(InputStream in, Path root) throws IOException {
        extract(in, root, true);
    }

    /**
     * Extracts the tar stream into {@code root}; with {@code applyWhiteouts} false, whiteout entries are kept as the
     * empty files they are (for a layer unpacked on its own, applied later by {@link #overlay}).
     */
    static void extract(InputStream in, Path root, boolean applyWhiteouts) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readFully(in, header)) {
                return;
            }
            if (isZero(header)) {
                return;
            }
            String name = longName != null ? longName : name(header);
            String link = longLink != null ? longLink : string(header, 157, 100);
            longName = null;
            longLink = null;
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            int mode = (int) octal(header, 100, 8);
            switch (type) {
                case 'L' -> {
                    longName = trimNul(new String(readBytes(in, size), StandardCharsets.UTF_8));
                    continue;
                }
                case 'K' -> {
                    longLink = trimNul(new String(readBytes(in, size), StandardCharsets.UTF_8));
                    continue;
                }
                case 'x' -> {
                    byte[] pax = readBytes(in, size);
                    longName = paxValue(pax, "path");
                    longLink = paxValue(pax, "linkpath");
                    continue;
                }
                case 'g' -> {
                    skip(in, size);
                    continue;
                }
                default -> {
                }
            }
            Path target = resolve(root, name);
            if (target == null) {
                skip(in, size);
                continue;
            }
            String base = target.getFileName() == null ? "" : target.getFileName().toString();
            if (!applyWhiteouts) {
                // kept as a plain file below
            } else if (base.equals(OPAQUE)) {
                clear(target.getParent());
                skip(in, size);
                continue;
            }
            if (applyWhiteouts && base.startsWith(WHITEOUT)) {
                deleteTree(target.resolveSibling(base.substring(WHITEOUT.length())));
                skip(in, size);
                continue;
            }
            Files.createDirectories(target.getParent());
            switch (type) {
                case '5' -> {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        deleteTree(target);
                        Files.createDirectories(target);
                    }
                    setMode(target, mode | 0700);
                    skip(in, size);
                }
                case '2' -> {
                    deleteTree(target);
                    try {
                        Files.createSymbolicLink(target, Path.of(link));
                    } catch (FileAlreadyExistsException ignored) {
                        // a duplicate entry in the same layer
                    }
                    skip(in, size);
                }
                case '1' -> {
                    Path source = resolve(root, link);
                    deleteTree(target);
                    if (source != null && Files.isRegularFile(source)) {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    skip(in, size);
                }
                case '0', '\0', '7' -> {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target)) {
                        deleteTree(target);
                    }
                    try (OutputStream out = Files.newOutputStream(target)) {
                        copy(in, out, size);
                    }
                    setMode(target, mode | 0600);
                    skipPadding(in, size);
                }
                default -> skip(in, size); // devices, fifos: nothing a JVM app needs
            }
        }
    }

    /**
     * Lays an unpacked layer over a root folder: first its whiteouts (opaque folders emptied, whited-out paths
     * deleted), then its folders, links and files; files are hard links into the layer (copies where that fails).
     */
    static void overlay(Path layer, Path root) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(layer)) {
            entries = walk.filter(p -> !p.equals(layer)).toList();
        }
        for (Path entry : entries) {
            String base = entry.getFileName().toString();
            Path target = root.resolve(layer.relativize(entry).toString());
            if (base.equals(OPAQUE)) {
                clear(target.getParent());
            } else if (base.startsWith(WHITEOUT)) {
                deleteTree(target.resolveSibling(base.substring(WHITEOUT.length())));
            }
        }
        for (Path entry : entries) {
            if (entry.getFileName().toString().startsWith(WHITEOUT)) {
                continue;
            }
            Path target = root.resolve(layer.relativize(entry).toString());
            if (Files.isSymbolicLink(entry)) {
                deleteTree(target);
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Files.readSymbolicLink(entry));
            } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(target);
                    Files.createDirectories(target);
                }
            } else {
                deleteTree(target);
                Files.createDirectories(target.getParent());
                try {
                    Files.createLink(target, entry);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(entry, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Deletes a file, link or folder tree (links are not followed). */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    private static void clear(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                deleteTree(child);
            }
        }
    }

    /** The entry's path under root, or null when it would leave root. */
    private static Path resolve(Path root, String name) {
        String clean = name.startsWith("./") ? name.substring(2) : name;
        while (clean.startsWith("/")) {
            clean = clean.substring(1);
        }
        if (clean.isEmpty() || clean.equals(".")) {
            return null;
        }
        Path target = root.resolve(clean).normalize();
        return target.startsWith(root) && !target.equals(root) ? target : null;
    }

    private static void setMode(Path path, int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(path, perms);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: modes only matter for executables
        }
    }

    private static String name(byte[] header) {
        String name = string(header, 0, 100);
        String prefix = string(header, 345, 155);
        boolean ustar = string(header, 257, 6).startsWith("ustar");
        return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
    }

    private static String paxValue(byte[] pax, String key) {
        // records: "<length in bytes> <key>=<value>\n"
        int i = 0;
        while (i < pax.length) {
            int space = i;
            while (space < pax.length && pax[space] != ' ') {
                space++;
            }
            if (space >= pax.length) {
                break;
            }
            int length = Integer.parseInt(new String(pax, i, space - i, StandardCharsets.US_ASCII));
            String body = new String(pax, space + 1, i + length - space - 2, StandardCharsets.UTF_8);
            int eq = body.indexOf('=');
            if (eq > 0 && body.substring(0, eq).equals(key)) {
                return body.substring(eq + 1);
            }
            i += length;
        }
        return null;
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static long octal(byte[] header, int offset, int length) {
        if ((header[offset] & 0x80) != 0) { // base-256 (GNU) for big sizes
            long value = 0;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        String text = string(header, offset, length).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int read = 0;
        while (read < buffer.length) {
            int n = in.read(buffer, read, buffer.length - read);
            if (n < 0) {
                if (read == 0) {
                    return false;
                }
                throw new IOException("truncated tar");
            }
            read += n;
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new IOException("truncated tar");
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[65536];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("truncated tar");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size) throws IOException {
        in.skipNBytes(size + padding(size));
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        in.skipNBytes(padding(size));
    }

    private static long padding(long size) {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }
}
