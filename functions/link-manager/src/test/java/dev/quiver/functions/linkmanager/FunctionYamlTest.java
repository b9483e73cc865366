package dev.quiver.functions.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.NatsTrigger;
import dev.quiver.api.validation.FunctionValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FunctionYamlTest {

    @Test
    void functionYamlIsAValidFunctionSubscribedToLinkResultsOnOneReplicaThatStaysUp() throws Exception {
        Function function = ApiJson.fromYaml(Files.readString(Path.of("function.yaml")), Function.class);

        assertThat(FunctionValidator.validate(function)).isEmpty();
        assertThat(function.getMetadata().getName()).isEqualTo("link-manager");
        assertThat(function.getSpec().triggers.nats).singleElement()
                .satisfies((NatsTrigger trigger) -> assertThat(trigger.subject).isEqualTo("link-results"));
        assertThat(function.getSpec().templateOrDefault().scaleOrDefault().minOrDefault()).isEqualTo(1);
        assertThat(function.getSpec().templateOrDefault().scaleOrDefault().maxOrDefault()).isEqualTo(1);
    }
}
