package dev.quiver.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every property of the generated CRD schemas has a non-empty description, Quiver's own and the Kubernetes core
 * types' inside them (EnvVar, ResourceRequirements, ...) alike, so {@code kubectl explain} documents every field.
 * Reads the YAML the build generates, not the Java fields: what users get is the YAML.
 */
class CrdDescriptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {CrdFiles.FUNCTIONS, CrdFiles.REVISIONS})
    void everyPropertyOfTheGeneratedSchemaHasADescription(String file) {
        Map<String, JsonNode> nodes = CrdFiles.nodes(CrdFiles.schema(CrdFiles.read(CrdFiles.generatedDir().resolve(file))));

        List<String> undocumented = nodes.entrySet().stream()
                .filter(node -> isProperty(node.getKey()))
                .filter(node -> node.getValue().path("description").asText().isBlank())
                .map(Map.Entry::getKey)
                .toList();

        assertThat(nodes).as("schema nodes of " + file).hasSizeGreaterThan(50)
                .containsKeys(".spec.template.env[].valueFrom.secretKeyRef.key", ".spec.template.resources.limits");
        assertThat(undocumented).as(file + ": properties without a description (@JsonPropertyDescription on Quiver's"
                + " fields, crds/src/build/CoreTypeDescriptions.java for Kubernetes core types)").isEmpty();
    }

    /** Array items ({@code []}) and map values ({@code {}}) are described by the property that holds them. */
    private static boolean isProperty(String path) {
        return !path.isEmpty() && !path.endsWith("]") && !path.endsWith("}");
    }
}
