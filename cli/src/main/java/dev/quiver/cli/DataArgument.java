package dev.quiver.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The value of a {@code --data} option: text as given, {@code @FILE} read from a file, {@code @-} from standard input. */
final class DataArgument {

    private DataArgument() {
    }

    /** The data, or null when the option was not given. */
    static String read(CommandLine commandLine, String data) {
        if (data == null || !data.startsWith("@")) {
            return data;
        }
        String file = data.substring(1);
        try {
            return file.equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new ParameterException(commandLine, "--data " + data + ": no such file " + file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
