package dev.quiver.functions.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.Mode;
import dev.quiver.api.validation.FunctionValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FunctionYamlTest {

    @Test
    void functionYamlIsAValidJobModeFunctionWithAJetStreamTriggerAndASchedule() throws Exception {
        Function function = ApiJson.fromYaml(Files.readString(Path.of("function.yaml")), Function.class);

        assertThat(FunctionValidator.validate(function)).isEmpty();
        assertThat(function.getMetadata().getName()).isEqualTo("word-count");
        assertThat(function.getSpec().modeOrDefault()).isEqualTo(Mode.Job);
        assertThat(function.getSpec().triggersOrDefault().jetstream).hasSize(1);
        assertThat(function.getSpec().triggersOrDefault().schedule).hasSize(1);
    }
}
