package dev.quiver.cli.build;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.contract.Probes;
import dev.quiver.builder.AotCacheMaker;
import dev.quiver.builder.AppProbes;
import dev.quiver.builder.ImageBuilder;
import dev.quiver.builder.ImageSpec;
import dev.quiver.builder.aot.AotCache;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The image spec of a built function, for {@code quiver build} and {@code quiver deploy DIR}: its base (the
 * command line's, else {@code spec.build.baseImage}, else {@link ImageSpec#DEFAULT_FUNCTION_BASE}), its labels, and
 * the AOT cache trained with the base image's Java unless turned off (the training waits for the readiness probe the
 * replicas get). It says which probes the replicas get: the template's, else the default of the app's libraries.
 */
final class FunctionImage {

    /** Where a function folder keeps the unpacked base runtime and its cache between builds. */
    static final String AOT_WORK_DIR = "target/quiver-aot";

    private FunctionImage() {
    }

    /** The base image: {@code override} when given, else the function's, else the default. */
    static String base(String override, Function function) {
        if (override != null) {
            return override;
        }
        if (function != null && function.getSpec() != null && function.getSpec().build != null
                && function.getSpec().build.baseImage != null) {
            return function.getSpec().build.baseImage;
        }
        return ImageSpec.DEFAULT_FUNCTION_BASE;
    }

    /**
     * The spec of the image of the app built in {@code folder}.
     *
     * @param aot      whether to train an AOT cache (never fails the build: without one the image starts slower)
     * @param progress receives a line on the probes, and one on the cache: which Java made it, or why there is none
     */
    static ImageSpec spec(ImageBuilder builder, Function function, String base, Path folder, Path app, boolean aot,
                          Consumer<String> progress) throws InterruptedException {
        String name = function == null || function.getMetadata() == null ? null : function.getMetadata().getName();
        Map<String, String> labels = name == null ? Map.of() : Map.of("dev.quiver.function", name);
        FunctionTemplate template = function == null || function.getSpec() == null ? null
                : function.getSpec().template;
        DefaultProbe detected = AppProbes.detect(app);
        progress.accept("Probes: " + Probes.of(template == null ? new FunctionTemplate() : template, detected)
                .description());
        Optional<AotCache> cache = Optional.empty();
        if (aot) {
            progress.accept("Training the AOT cache with the Java of " + base + " ...");
            Map<String, String> env = new LinkedHashMap<>();
            if (name != null) {
                env.put("QUIVER_FUNCTION", name);
            }
            AotCacheMaker.Outcome outcome = new AotCacheMaker(builder).make(base, app,
                    folder.resolve(AOT_WORK_DIR), env, AppProbes.readiness(template, detected));
            progress.accept("  " + outcome.message());
            cache = outcome.cache();
        } else {
            progress.accept("No AOT cache (--no-aot): the image starts without one.");
        }
        return ImageSpec.function(base, app, labels, cache);
    }
}
