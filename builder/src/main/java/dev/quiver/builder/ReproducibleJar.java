package dev.quiver.builder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a jar so that its bytes depend only on its entries' names and contents: Maven and Quarkus stamp every
 * entry with the build time, which would change the image's digest on every build of the same source.
 * Entries are sorted by name (the manifest first, as {@code JarInputStream} expects) and carry one fixed time.
 */
final class ReproducibleJar {

    /** The time every entry carries: the earliest a zip can hold, as a local time so no time zone shifts it. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    private ReproducibleJar() {
    }

    /** Writes a normalized copy of {@code jar} to {@code target}. */
    static void normalize(Path jar, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (ZipFile zip = new ZipFile(jar.toFile());
             OutputStream file = new BufferedOutputStream(Files.newOutputStream(target));
             ZipOutputStream out = new ZipOutputStream(file)) {
            List<? extends ZipEntry> entries = new ArrayList<>(zip.stream().toList());
            entries.sort(Comparator.comparing((ZipEntry entry) -> rank(entry.getName()))
                    .thenComparing(ZipEntry::getName));
            for (ZipEntry entry : entries) {
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTimeLocal(ENTRY_TIME);
                out.putNextEntry(copy);
                if (!entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }

    /** The manifest (and its folder) first, everything else after. */
    private static int rank(String name) {
        if (name.equals("META-INF/")) {
            return 0;
        }
        return name.equals("META-INF/MANIFEST.MF") ? 1 : 2;
    }
}
