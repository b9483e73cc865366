package dev.quiver.acceptance;

import dev.quiver.standin.testing.FunctionFolders;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.ScaleSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A test's own copy of a function's folder (its source and function.yaml; a sample's next to the samples' parent
 * POM), which the test edits before deploying it again: a changed template makes a new revision.
 */
final class FunctionFolder {

    private final Path path;

    private FunctionFolder(Path path) {
        this.path = path;
    }

    /** A fresh copy of the sample in {@code functions/<sample>}, without its build output. */
    static FunctionFolder copyOf(String sample) {
        Path source = Checkout.FUNCTIONS.resolve(sample);
        if (!Files.isRegularFile(source.resolve("function.yaml"))) {
            throw new IllegalArgumentException("no sample function " + source);
        }
        Path parent = Checkout.newFolder("fn-" + sample);
        try {
            Files.copy(Checkout.FUNCTIONS.resolve("pom.xml"), parent.resolve("pom.xml"));
            FunctionFolders.copyTree(source, parent.resolve(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FunctionFolder(parent.resolve(sample));
    }

    /**
     * A fresh copy of an app written outside this project's conventions ({@code acceptance/src/test/resources/apps}):
     * a plain Quarkus app with its own POM (no parent, no Quiver SDK), or a server in another language.
     */
    static FunctionFolder copyOfApp(String app) {
        Path source = Checkout.ROOT.resolve("acceptance/src/test/resources/apps").resolve(app);
        if (!Files.isRegularFile(source.resolve("function.yaml"))) {
            throw new IllegalArgumentException("no app " + source);
        }
        Path copy = Checkout.newFolder("app-" + app).resolve(app);
        try {
            FunctionFolders.copyTree(source, copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FunctionFolder(copy);
    }

    /** A function folder that exists already. */
    static FunctionFolder of(Path path) {
        return new FunctionFolder(path);
    }

    /** The folder. */
    Path path() {
        return path;
    }

    /** The function's name (metadata.name). */
    String name() {
        return function().getMetadata().getName();
    }

    /** The Function that function.yaml declares. */
    Function function() {
        try {
            return ApiJson.fromYaml(Files.readString(path.resolve("function.yaml")), Function.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites function.yaml after applying a change to its Function. */
    FunctionFolder edit(Consumer<Function> change) {
        Function function = function();
        change.accept(function);
        try {
            Files.writeString(path.resolve("function.yaml"), ApiJson.toYaml(function));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Names the function otherwise (metadata.name), so that a scenario has a function of its own built from a
     * sample's source; the build and the image of that source are reused.
     */
    FunctionFolder renamed(String name) {
        return edit(function -> function.getMetadata().setName(name));
    }

    /** Sets (or replaces) a plain environment variable of the template: a new revision. */
    FunctionFolder env(String name, String value) {
        return edit(function -> {
            FunctionTemplate template = function.getSpec().template;
            template.env.removeIf(var -> var.getName().equals(name));
            template.env.add(new EnvVar(name, value, null));
        });
    }

    /** Sets the template's scale bounds (scale alone makes no revision: change the template too to get one). */
    FunctionFolder scale(int min, int max, int target, String scaleToZeroGracePeriod) {
        return edit(function -> {
            ScaleSpec scale = new ScaleSpec();
            scale.min = min;
            scale.max = max;
            scale.target = target;
            scale.scaleToZeroGracePeriod = scaleToZeroGracePeriod;
            function.getSpec().template.scale = scale;
        });
    }

}
