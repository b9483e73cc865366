package dev.quiver.cli.build;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.build.MavenPackage;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.builder.BuildException;
import dev.quiver.builder.BuiltImage;
import dev.quiver.builder.ImageBuilder;
import dev.quiver.builder.ImageSpec;
import dev.quiver.builder.ImageTarget;
import dev.quiver.cli.CliException;
import dev.quiver.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quiver build [DIR]}: packages a function with Maven, trains its AOT cache with the base image's Java, assembles
 * its image with jib-core (dependencies, Quarkus, application and cache in separate layers, non-root, {@code $PORT}),
 * pushes it or writes an OCI tar, prints
 * {@code image@sha256:...} and writes that reference back into {@code function.yaml}'s {@code spec.image}, with the
 * probes' default chosen from the app's libraries as the annotation {@link DefaultProbe#ANNOTATION}.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build the function in DIR with Maven and package it as an OCI image: push it to a registry "
                + "(--registry, or the one function.yaml names) or write a tar (--tar).",
                "Prints the image by digest on stdout and writes it into function.yaml's spec.image."},
        footer = {"", "Examples:", "  ./quiver build functions/hello --registry localhost:5000 --insecure-registry",
                "  ./quiver build functions/hello --tar hello.tar",
                "  ./quiver build --recipe deploy/builder/builder.yaml --registry localhost:5000"})
public class BuildCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = ".", paramLabel = "DIR",
            description = "The function's folder, with its pom.xml and function.yaml (default: the current folder).")
    Path dir;

    @Option(names = "--registry", paramLabel = "REGISTRY",
            description = "Push to REGISTRY/NAME (NAME: --image, else the function's name).")
    String registry;

    @Option(names = "--image", paramLabel = "NAME[:TAG]",
            description = "The image's name under --registry (default: the function's name; tag: latest).")
    String image;

    @Option(names = "--tar", paramLabel = "FILE", description = "Write an OCI image layout tar instead of pushing.")
    Path tar;

    @Option(names = "--base-image", paramLabel = "IMAGE",
            description = "The base image with a JRE (default: spec.build.baseImage, else " + ImageSpec.DEFAULT_FUNCTION_BASE
                    + ").")
    String baseImage;

    @Option(names = "--insecure-registry", description = "Allow registries over plain HTTP (a local registry).")
    boolean insecureRegistry;

    @Option(names = "--digest-file", paramLabel = "FILE",
            description = "Also write IMAGE@sha256:... to FILE, then a line defaultProbe=NAME with the probes' default "
                    + "chosen from the app's libraries (QuiverSdk, SmallRyeHealth or Tcp).")
    Path digestFile;

    @Option(names = "--write-back", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Write the pushed image by digest into function.yaml's spec.image when it has one "
                    + "(default: on; --no-write-back leaves the file alone).")
    boolean writeBack;

    @Option(names = "--skip-maven", description = "Use the existing target/quarkus-app instead of running Maven.")
    boolean skipMaven;

    @Option(names = "--aot", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Train an AOT cache with the base image's Java (25 or later) and start the image from it "
                    + "(default: on; --no-aot builds without one). Without a usable Java the image is built without "
                    + "a cache, and the output says why.")
    boolean aot;

    @Option(names = "--recipe", paramLabel = "FILE",
            description = "Build the image a recipe file describes (e.g. deploy/builder/builder.yaml) instead of a "
                    + "function.")
    Path recipe;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "jib's layer cache (default: jib's own).")
    Path cacheDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ImageBuilder builder = new ImageBuilder(insecureRegistry, cacheDir, line -> {
            err.println("  " + line);
            err.flush();
        });
        BuildPlan plan = recipe != null ? recipePlan() : functionPlan(builder, err);
        ImageTarget target = tar != null ? new ImageTarget.Tar(tar, plan.reference())
                : new ImageTarget.Registry(plan.reference());
        err.println((tar != null ? "Writing " + tar : "Pushing " + plan.reference()) + " ...");
        err.flush();
        BuiltImage built;
        try {
            built = builder.build(plan.spec(), target);
        } catch (BuildException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
        String result = built.byDigest();
        spec.commandLine().getOut().println(result);
        spec.commandLine().getOut().flush();
        if (digestFile != null) {
            Files.writeString(digestFile, result(built));
        }
        if (built.pushed() && writeBack && plan.functionYaml() != null) {
            writeBack(plan.functionYaml(), built, err);
        }
        return ExitCodes.OK;
    }

    /**
     * What {@code --digest-file} gets: the image by digest, then a line with the probes' default the build chose
     * ({@value DefaultProbe#BUILD_RESULT_KEY}{@code =QuiverSdk}) when it is a function's. The controller reads it as
     * the build Job's termination message (its {@code BuildStatuses}, which ignores lines it does not know).
     */
    static String result(BuiltImage built) {
        return built.byDigest() + (built.defaultProbe() == null ? ""
                : "\n" + DefaultProbe.BUILD_RESULT_KEY + "=" + built.defaultProbe().name());
    }

    /** What to build and where. */
    private record BuildPlan(ImageSpec spec, String reference, Path functionYaml) {
    }

    private BuildPlan functionPlan(ImageBuilder builder, PrintWriter err) throws IOException, InterruptedException {
        if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
            throw new CliException(ExitCodes.FAILED, "there is no pom.xml in " + dir.toAbsolutePath().normalize()
                    + ": give the folder of a function (a Quarkus Maven project with a function.yaml)");
        }
        Path yaml = dir.resolve("function.yaml");
        Function function = Files.isRegularFile(yaml) ? readFunction(yaml) : null;
        String reference = resolveTarget(function);
        Path app = dir.resolve("target").resolve("quarkus-app");
        if (!skipMaven) {
            err.println("Building " + dir + " with Maven (log: " + dir.resolve("target/quiver-build.log") + ") ...");
            err.flush();
            MavenPackage.Result result = MavenPackage.run(dir, dir.resolve("target/quiver-build.log"), true);
            if (!result.success()) {
                throw new CliException(ExitCodes.FAILED, "the Maven build of " + dir + " failed",
                        List.of(result.output().split("\n")));
            }
            app = result.app();
        }
        ImageSpec image = FunctionImage.spec(builder, function, FunctionImage.base(baseImage, function), dir, app, aot,
                line -> {
                    err.println(line);
                    err.flush();
                });
        return new BuildPlan(image, reference, function == null ? null : yaml);
    }

    private BuildPlan recipePlan() throws IOException {
        ImageRecipe read;
        try {
            read = ImageRecipe.read(recipe);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read the recipe " + recipe + ": " + e.getMessage());
        }
        String reference;
        try {
            reference = TargetImage.resolve(registry, image != null ? image : read.name(), null, tar != null);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
        try {
            return new BuildPlan(read.toSpec(recipe, baseImage), reference, null);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
    }

    private String resolveTarget(Function function) {
        try {
            return TargetImage.resolve(registry, image, function, tar != null);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
    }

    private static Function readFunction(Path yaml) throws IOException {
        try {
            return ApiJson.fromYaml(Files.readString(yaml), Function.class);
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.FAILED, yaml + " is not a valid Function: " + e.getMessage());
        }
    }

    /**
     * Writes the image into {@code spec.image} and the probes' default into the annotation the controller reads
     * ({@link DefaultProbe#ANNOTATION}), so that applying the file runs the image with the probes it was built for.
     */
    private static void writeBack(Path yaml, BuiltImage built, PrintWriter err) throws IOException {
        String text = Files.readString(yaml);
        String image = built.byDigest();
        try {
            text = FunctionFileEditor.withImage(text, image);
        } catch (IllegalArgumentException noImageLine) {
            // A function built from source (spec.build) keeps its spec; the controller records the image it built.
            err.println("Left " + yaml + " as it is (it has no spec.image to update).");
            err.flush();
            return;
        }
        String annotated = "";
        if (built.defaultProbe() != null) {
            try {
                text = FunctionFileEditor.withAnnotation(text, DefaultProbe.ANNOTATION, built.defaultProbe().name());
                annotated = " and " + DefaultProbe.ANNOTATION + ": " + built.defaultProbe().name();
            } catch (IllegalArgumentException notABlock) {
                err.println("Not annotated " + yaml + " with " + DefaultProbe.ANNOTATION + ": "
                        + notABlock.getMessage() + "; quiver deploy sets it when it builds");
            }
        }
        Files.writeString(yaml, text);
        err.println("Wrote spec.image: " + image + annotated + " into " + yaml);
        err.flush();
    }
}
