package dev.quiver.cli;

import dev.quiver.cli.scaffold.BuildInfo;
import dev.quiver.cli.scaffold.Scaffold;
import dev.quiver.cli.scaffold.Template;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quiver new NAME}: scaffolds a function in a folder of its own, a Maven project that needs no Quiver
 * checkout around it (it imports the Quiver BOM of this build), ready for {@code quiver dev} and {@code mvn test}.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Create a function NAME in the folder PARENT/NAME: function.yaml, a Maven project that imports "
                + "the Quiver BOM (no parent POM) with its Maven wrapper, the code, a test, a README and a .gitignore."},
        footer = {"", "Templates:",
                "  funqy  a Funqy function over HTTP: JSON in, JSON out (default)",
                "  http   a plain HTTP route on / (Vert.x Web)",
                "  job    Job mode: one process per event on NAME.jobs (JetStream)",
                "  event  CloudEvents from NATS messages on NAME.requests",
                "", "Example:", "  quiver new greeter --template event", "  cd greeter && quiver dev ."})
public class NewCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME",
            description = "The function's name: lowercase letters, digits and '-', starting with a letter, at most 52.")
    String name;

    @Option(names = {"-t", "--template"}, defaultValue = "funqy", paramLabel = "KIND",
            description = "funqy, http, job or event (default: ${DEFAULT-VALUE}).")
    Template template;

    @Option(names = "--dir", defaultValue = ".", paramLabel = "PARENT",
            description = "The folder to create NAME in (default: the current folder).")
    Path parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<String> problems = Scaffold.nameProblems(name);
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "invalid function name: " + String.join("; ", problems));
        }
        Path folder = parent.resolve(name).toAbsolutePath().normalize();
        List<Scaffold.File> files = Scaffold.render(name, template, BuildInfo.load());
        try {
            Scaffold.write(folder, files);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created the " + template.id() + " function " + name + " in " + folder + ":");
        files.forEach(file -> out.println("  " + file.path()));
        out.println();
        out.println("Run it:  cd " + folder + " && quiver dev .");
        out.println("Test it: ./mvnw test   (it needs the Quiver BOM and SDK in your Maven repository: ./mvnw install "
                + "in the Quiver checkout)");
        out.flush();
        return ExitCodes.OK;
    }
}
