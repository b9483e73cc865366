package dev.quiver.functions.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.functions.sdk.testing.FunctionProcess;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The built greeter, started with the environment its function.yaml declares, as the runtime does. */
class FunctionYamlEnvIT {

    @Test
    void greetingFromFunctionYamlEnvShowsInTheAnswer() throws Exception {
        Function function = ApiJson.fromYaml(Files.readString(Path.of("function.yaml")), Function.class);
        assertThat(FunctionValidator.validate(function)).isEmpty();
        Map<String, String> env = function.getSpec().templateOrDefault().env.stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsKey("GREETING");

        try (FunctionProcess fn = FunctionProcess.start("greeter-env-it", env)) {
            fn.awaitReady(Duration.ofSeconds(60));
            HttpResponse<String> reply = fn.post("/", "{\"name\":\"Ada\"}");

            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).contains("\"message\":\"" + env.get("GREETING") + ", Ada!\"");
        }
    }
}
