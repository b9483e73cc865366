package dev.quiver.runtime.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packs {@link TinyFunction} (or another one-class main) as {@code <app>/quarkus-run.jar}, the layout the local platform launches. */
public final class TinyFunctionJar {

    private TinyFunctionJar() {
    }

    static Path write(Path app) throws IOException {
        return write(app, TinyFunction.class);
    }

    /** Packs {@code main}, a class with no dependencies but the JDK (nested classes excluded), as the app's jar. */
    public static Path write(Path app, Class<?> main) throws IOException {
        Files.createDirectories(app);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        String entry = main.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(app.resolve("quarkus-run.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest);
                InputStream clazz = main.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            clazz.transferTo(jar);
            jar.closeEntry();
        }
        return app;
    }
}
