package dev.quiver.api;

import dev.quiver.api.testing.Functions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.schema.CrdFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** YAML → object → YAML keeps every field, and a typo in YAML is an error that names the field. */
class RoundTripTest {

    @Test
    void fullFunctionSurvivesYamlToObjectToYaml() {
        String yaml = resource("full-function.yaml");

        Function function = ApiJson.fromYaml(yaml, Function.class);

        assertThat(tree(ApiJson.toYaml(function))).isEqualTo(tree(yaml));
    }

    @Test
    void fullRevisionSurvivesYamlToObjectToYaml() {
        String yaml = resource("full-revision.yaml");

        FunctionRevision revision = ApiJson.fromYaml(yaml, FunctionRevision.class);

        assertThat(tree(ApiJson.toYaml(revision))).isEqualTo(tree(yaml));
    }

    @ParameterizedTest
    @CsvSource({"full-rollout.yaml, dev.quiver.api.RolloutSpec", "full-rollout-status.yaml, dev.quiver.api.RolloutStatus"})
    void fullRolloutSurvivesYamlToObjectToYaml(String resource, Class<?> type) {
        // Not on a Function yet (issue 14), so the Function round trip does not cover these types.
        String yaml = resource(resource);

        Object rollout = ApiJson.fromYaml(yaml, type);

        assertThat(tree(ApiJson.toYaml(rollout))).isEqualTo(tree(yaml));
    }

    @Test
    void fixtureRolloutSurvivesObjectToYamlToObject() {
        RolloutSpec rollout = Functions.fullRollout();

        assertThat(ApiJson.fromYaml(ApiJson.toYaml(rollout), RolloutSpec.class)).isEqualTo(rollout);
    }

    @Test
    void fullFunctionYamlSetsEveryFieldOfTheSchema() {
        assertThat(unsetSchemaPaths("full-function.yaml", CrdFiles.FUNCTIONS)).isEmpty();
    }

    @Test
    void fullRevisionYamlSetsEveryFieldOfTheSchemaButTheTemplateOptions() {
        // The revision's template is the Function's type, whose every field the Function round trip covers.
        assertThat(unsetSchemaPaths("full-revision.yaml", CrdFiles.REVISIONS))
                .allMatch(path -> path.startsWith(".spec.template."));
    }

    @Test
    void fixtureObjectSurvivesObjectToYamlToObject() {
        Function function = Functions.full("link-checker").build();

        assertThat(ApiJson.fromYaml(ApiJson.toYaml(function), Function.class)).isEqualTo(function);
    }

    @Test
    void unknownFieldIsRejectedWithItsPathAndLine() {
        String yaml = """
                apiVersion: quiver.dev/v1alpha1
                kind: Function
                metadata:
                  name: hello
                spec:
                  image: registry.local/hello:1
                  template:
                    timeoutSecond: 5
                """;

        assertThatThrownBy(() -> ApiJson.fromYaml(yaml, Function.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown field 'spec.template.timeoutSecond' at line 8; the fields allowed there are [")
                .hasMessageContaining("timeoutSeconds");
    }

    @Test
    void rolloutIsAFieldOfAFunctionSpec() {
        String yaml = """
                spec:
                  image: registry.local/hello:1
                  rollout:
                    steps: [{weight: 10, pause: 30s}]
                """;

        Function function = ApiJson.fromYaml(yaml, Function.class);

        assertThat(function.getSpec().rollout.steps).singleElement().satisfies(step -> assertThat(step.weight).isEqualTo(10));
    }

    @Test
    void wrongValueTypeNamesTheField() {
        String yaml = """
                spec:
                  image: registry.local/hello:1
                  traffic:
                    - latestRevision: true
                      percent: ninety
                """;

        assertThatThrownBy(() -> ApiJson.fromYaml(yaml, Function.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field 'spec.traffic[0].percent' at line 5: ");
    }

    private static Set<String> unsetSchemaPaths(String resource, String crdFile) {
        JsonNode schema = CrdFiles.schema(CrdFiles.committed(crdFile));
        Set<String> set = CrdFiles.pathsSetBy(tree(resource(resource)), schema);
        return CrdFiles.nodes(schema).keySet().stream()
                .filter(path -> !CrdFiles.insideKubernetesCoreType(path))
                .filter(path -> !set.contains(path))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode tree(String yaml) {
        try {
            return ApiJson.yaml().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = RoundTripTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
