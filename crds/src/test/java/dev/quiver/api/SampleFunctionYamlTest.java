package dev.quiver.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.schema.CrdFiles;
import dev.quiver.api.validation.FunctionValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample's {@code function.yaml} in {@code functions/} is a valid Function of this API. */
class SampleFunctionYamlTest {

    @Test
    void atLeastTwoSamplesExist() throws IOException {
        assertThat(sampleFiles()).as("function.yaml files under " + functionsDir().toAbsolutePath()).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void sampleParsesAndPassesTheValidator(Path file) throws IOException {
        Function function = ApiJson.fromYaml(Files.readString(file), Function.class);

        assertThat(function.getKind()).isEqualTo(Function.KIND);
        assertThat(function.getApiVersion()).isEqualTo(Function.GROUP + "/" + Function.VERSION);
        assertThat(function.getMetadata().getName()).isEqualTo(file.getParent().getFileName().toString());
        assertThat(FunctionValidator.validate(function)).isEmpty();
    }

    static List<Path> sampleFiles() throws IOException {
        try (Stream<Path> samples = Files.list(functionsDir())) {
            return samples.map(dir -> dir.resolve("function.yaml")).filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path functionsDir() {
        return CrdFiles.committedDir().resolve("../functions").normalize();
    }
}
