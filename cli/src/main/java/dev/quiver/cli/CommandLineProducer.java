package dev.quiver.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Gives the packaged command the same error handling as the tests use. */
@ApplicationScoped
public class CommandLineProducer {

    /** The command line Quarkus runs. */
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return Cli.configure(factory.create());
    }
}
