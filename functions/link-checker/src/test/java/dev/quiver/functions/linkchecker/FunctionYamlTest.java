package dev.quiver.functions.linkchecker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.JetStreamTrigger;
import dev.quiver.api.validation.FunctionValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FunctionYamlTest {

    @Test
    void functionYamlIsAValidFunctionThatScalesToZero() throws Exception {
        Function function = ApiJson.fromYaml(Files.readString(Path.of("function.yaml")), Function.class);

        assertThat(FunctionValidator.validate(function)).isEmpty();
        assertThat(function.getMetadata().getName()).isEqualTo("link-checker");
        assertThat(function.getSpec().templateOrDefault().scaleOrDefault().minOrDefault()).isZero();
    }

    @Test
    void linkEventsOnJetStreamTriggerTheSameFunctionAsHttp() throws Exception {
        Function function = ApiJson.fromYaml(Files.readString(Path.of("function.yaml")), Function.class);

        assertThat(function.getSpec().triggers.http).isNotNull();
        assertThat(function.getSpec().triggers.jetstream).singleElement().satisfies((JetStreamTrigger trigger) -> {
            assertThat(trigger.stream).isEqualTo("LINKS");
            assertThat(trigger.subject).isEqualTo("link-events");
            assertThat(trigger.createStream).isTrue();
            assertThat(trigger.deadLetterSubject).isEqualTo("link-events-dead");
        });
        assertThat(function.getSpec().templateOrDefault().env)
                .anySatisfy(env -> assertThat(env.getValue()).isEqualTo(ResultPublisher.DEFAULT_SUBJECT));
    }
}
