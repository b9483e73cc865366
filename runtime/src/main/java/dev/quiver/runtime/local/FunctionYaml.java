package dev.quiver.runtime.local;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.api.validation.Problem;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A function folder's {@code function.yaml} as read: the Function (named by the folder when it names none, in the
 * local namespace) and what is wrong with it.
 *
 * @param function the Function; one with only a name when the document does not parse
 * @param problems what is wrong with it; empty when it is valid
 */
record FunctionYaml(Function function, List<Problem> problems) {

    /** The file that makes a folder a function. */
    static final String FILE = "function.yaml";

    /** The text of the folder's function.yaml. */
    static String read(Path folder) {
        try {
            return Files.readString(folder.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve(FILE), e);
        }
    }

    /** function.yaml as a Function; a document that does not parse becomes a Function with that one problem. */
    static FunctionYaml parse(Path folder, String yaml) {
        Function function;
        List<Problem> problems = new ArrayList<>();
        try {
            function = ApiJson.fromYaml(yaml, Function.class);
            if (function == null) {
                throw new IllegalArgumentException("the file is empty");
            }
        } catch (IllegalArgumentException e) {
            function = new Function();
            problems.add(new Problem(FILE, "is not a valid Function: " + e.getMessage()));
        }
        if (function.getMetadata() == null) {
            function.setMetadata(new ObjectMeta());
        }
        if (function.getMetadata().getName() == null) {
            // The folder names the function when function.yaml does not.
            function.getMetadata().setName(folder.getFileName().toString());
        }
        function.getMetadata().setNamespace(LocalFunctionStore.NAMESPACE);
        if (problems.isEmpty()) {
            problems.addAll(FunctionValidator.validate(forValidation(function)));
        }
        return new FunctionYaml(function, List.copyOf(problems));
    }

    /** Locally the folder is the source: a function.yaml without image or build is complete. */
    static Function forValidation(Function function) {
        Function copy = ApiJson.copy(function, Function.class);
        if (copy.getSpec().image == null && copy.getSpec().build == null) {
            copy.getSpec().image = "local";
        }
        return copy;
    }
}
