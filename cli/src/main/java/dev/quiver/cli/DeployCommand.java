package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.api.contract.DefaultProbe;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.api.validation.Problem;
import dev.quiver.cli.deploy.FunctionFile;
import dev.quiver.cli.deploy.ImageBuild;
import dev.quiver.cli.view.DeployProgress;
import dev.quiver.cli.backend.AdminBackend;
import dev.quiver.cli.backend.FunctionsBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code quiver deploy [DIR|FILE]}: builds and pushes the function when needed, applies it, and follows the new
 * revision until it is ready (then prints the URL) or fails (then says why and exits 1).
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy a function to a cluster: build and push its image when the folder is a Maven project "
                + "and the image is not pinned by digest (or with --build), create or update the Function, then wait "
                + "until its new revision is ready and print its URL.",
                "A failed revision ends the command with exit status 1 and its reason; the previous revision keeps serving."},
        footer = {"", "Examples:",
                "  quiver deploy functions/hello",
                "  quiver deploy function.yaml --namespace team-a --no-build"})
public class DeployCommand implements Callable<Integer> {

    private static final long POLL_MILLIS = 500;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE", defaultValue = ".",
            description = "A function's folder (with its function.yaml) or a Function YAML file (default: the current folder).")
    Path path;

    @Option(names = "--build", description = "Build and push even when the image is pinned by digest.")
    boolean build;

    @Option(names = "--no-build", description = "Never build; deploy the image the file names.")
    boolean noBuild;

    @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Wait for the new revision to be ready or to fail (default: true).")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationOption.class,
            description = "How long to wait for the revision, e.g. 90s, 5m, 1h (a plain number is seconds; "
                    + "default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        FunctionFile file = FunctionFile.read(path);
        Function function = file.function();
        String name = function.getMetadata().getName();
        List<Problem> problems = FunctionValidator.validate(function);
        if (!problems.isEmpty()) {
            throw new CliException(ExitCodes.FAILED, name + " is not valid",
                    problems.stream().map(Problem::toString).toList());
        }
        FunctionsBackend backend = admin.backend();
        if (backend instanceof AdminBackend dev) {
            throw dev.refusal("deploy"); // before any build: a dev runtime cannot take it
        }
        if (needsBuild(file)) {
            ImageBuild.Pushed pushed = buildAndPush(file, out);
            function.getSpec().image = pushed.image();
            withDefaultProbe(function, pushed.defaultProbe());
        }
        out.println("Deploying " + name + " to " + backend.describe() + "…");
        out.flush();
        Function applied = backend.apply(function);
        if (!await) {
            out.println(name + " applied; follow it with: quiver describe " + name);
            out.flush();
            return ExitCodes.OK;
        }
        return follow(backend, name, applied.getMetadata().getGeneration(), out);
    }

    private int follow(FunctionsBackend backend, String name, Long generation, PrintWriter out) throws InterruptedException {
        DeployProgress progress = new DeployProgress(generation);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Function current = backend.get(name);
            String line = progress.update(current, backend.revisions(name));
            if (line != null) {
                out.println("  " + line);
                out.flush();
            }
            DeployProgress.Step step = progress.last();
            if (step.phase() == DeployProgress.Phase.READY) {
                out.println(current.getStatus().url == null ? name + " is ready." : current.getStatus().url);
                out.flush();
                return ExitCodes.OK;
            }
            if (step.phase() == DeployProgress.Phase.FAILED) {
                throw new CliException(ExitCodes.FAILED, "deploy of " + name + " failed: " + step.text(),
                        List.of("the previous ready revision (if any) keeps serving",
                                "see quiver describe " + name + " for its conditions and events"));
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILED, "gave up waiting after " + DurationOption.format(timeout) + ": " + step.text(),
                        List.of("the controller goes on; follow it with quiver describe " + name));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** A Maven folder is built unless told not to, when the image is not pinned by digest or --build asks. */
    private boolean needsBuild(FunctionFile file) {
        Function function = file.function();
        if (noBuild || !file.buildable() || function.getSpec().build != null) {
            return false;
        }
        return build || function.getSpec().image == null || !function.getSpec().image.contains("@sha256:");
    }

    /**
     * Records the build's choice of default probes on the Function, as an in-cluster build records it in
     * {@code status.build}: the controller puts it on the revision that runs the image.
     */
    static void withDefaultProbe(Function function, DefaultProbe defaultProbe) {
        if (defaultProbe == null) {
            return;
        }
        Map<String, String> annotations = function.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(function.getMetadata().getAnnotations());
        annotations.put(DefaultProbe.ANNOTATION, defaultProbe.name());
        function.getMetadata().setAnnotations(annotations);
    }

    private ImageBuild.Pushed buildAndPush(FunctionFile file, PrintWriter out) {
        ImageBuild builder = ImageBuild.installed().orElseThrow(() -> new CliException(ExitCodes.FAILED,
                "this quiver cannot build images; build and push " + file.folder() + " first, then deploy with --no-build"));
        String target = file.function().getSpec().image;
        if (target == null) {
            throw new CliException(ExitCodes.FAILED, file.function().getMetadata().getName()
                    + " names no image to push to: set spec.image (e.g. registry.local/team/hello:latest)");
        }
        out.println("Building " + file.folder() + " → " + target);
        out.flush();
        ImageBuild.Pushed pushed = builder.buildAndPush(file.folder(), target, step -> {
            out.println("  " + step);
            out.flush();
        });
        out.println("Pushed " + pushed.image());
        out.flush();
        return pushed;
    }
}
