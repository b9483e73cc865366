package dev.quiver.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart's values.schema.json is a valid draft-07 schema, describes every value of values.yaml, accepts the
 * defaults and refuses wrong values: checked with a JSON Schema validator of its own, and through helm, which
 * validates values against the schema before it renders anything.
 */
class HelmValuesSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory DRAFT_07 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    @Test
    void schemaIsAValidDraft07Schema() throws IOException {
        JsonSchema metaSchema = DRAFT_07.getSchema(SchemaLocation.of(SchemaId.V7));

        assertThat(schemaNode().path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        assertThat(metaSchema.validate(schemaNode())).isEmpty();
    }

    @Test
    void defaultValuesSatisfyTheSchema() throws IOException {
        assertThat(messages(values())).isEmpty();
    }

    @Test
    void everyValueOfValuesYamlIsDescribedByTheSchema() throws IOException {
        List<String> undescribed = new ArrayList<>();
        JsonNode schema = schemaNode();
        walk("", values(), schema, schema, undescribed);

        assertThat(undescribed).as("values without a described property in values.schema.json").isEmpty();
    }

    @Test
    void aStringForReplicasIsRefused() throws IOException {
        ObjectNode values = values();
        ((ObjectNode) values.get("runtime")).put("replicas", "two");

        assertThat(messages(values)).extracting(ValidationMessage::getInstanceLocation).map(Object::toString)
                .containsExactly("$.runtime.replicas");
    }

    @Test
    void aMisspelledKeyAnUnknownEnumValueAndABadQuantityAreRefused() throws IOException {
        ObjectNode values = values();
        ((ObjectNode) values.get("runtime")).putObject("nodeSelectr").put("disk", "ssd");
        ((ObjectNode) values.get("image")).put("pullPolicy", "Sometimes");
        ((ObjectNode) values.get("functionDefaults").get("requests")).put("cpu", "lots");

        assertThat(messages(values)).extracting(m -> m.getInstanceLocation().toString()).containsExactlyInAnyOrder(
                "$.runtime", "$.image.pullPolicy", "$.functionDefaults.requests.cpu");
    }

    @Test
    void helmRefusesAStringForReplicasBeforeRendering() {
        assertThatThrownBy(() -> Manifests.helmTemplate(Map.of("runtime.replicas", "two")))
                .hasMessageContaining("runtime.replicas").hasMessageContaining("Expected: integer, given: string");
    }

    @Test
    void helmRefusesAMisspelledValueAndASecondController() {
        assertThatThrownBy(() -> Manifests.helmTemplate(Map.of("runtime.nodeSelectr.disk", "ssd")))
                .hasMessageContaining("nodeSelectr");
        assertThatThrownBy(() -> Manifests.helmTemplate(Map.of("controller.replicas", 2)))
                .hasMessageContaining("controller.replicas");
    }

    private static Set<ValidationMessage> messages(JsonNode values) throws IOException {
        return DRAFT_07.getSchema(schemaNode()).validate(values);
    }

    /** Each key of values (recursively, objects only) is a property of the schema with a description, or a map key. */
    private static void walk(String path, JsonNode value, JsonNode schema, JsonNode root, List<String> undescribed) {
        if (!value.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String fieldPath = path + "." + field.getKey();
            JsonNode property = resolve(schema, root).path("properties").path(field.getKey());
            JsonNode mapValue = resolve(schema, root).path("additionalProperties");
            if (property.isMissingNode() && mapValue.isObject()) {
                // A key of a map (nodeSelector, resources.requests): described by the property that holds the map.
                walk(fieldPath, field.getValue(), mapValue, root, undescribed);
                continue;
            } else if (property.isMissingNode()) {
                undescribed.add(fieldPath + " (no property)");
                continue;
            }
            if (property.path("description").asText().isBlank() && resolve(property, root).path("description").asText().isBlank()) {
                undescribed.add(fieldPath + " (no description)");
            }
            walk(fieldPath, field.getValue(), property, root, undescribed);
        }
    }

    /** The schema a node stands for: itself, its {@code $ref}, or the {@code $ref} of its only {@code allOf}. */
    private static JsonNode resolve(JsonNode schema, JsonNode root) {
        JsonNode ref = schema.has("$ref") ? schema.get("$ref") : schema.path("allOf").path(0).path("$ref");
        return ref.isTextual() ? root.at(ref.asText().substring(1)) : schema;
    }

    private static JsonNode schemaNode() throws IOException {
        return JSON.readTree(chartFile("values.schema.json").toFile());
    }

    private static ObjectNode values() throws IOException {
        return (ObjectNode) YAML.readTree(chartFile("values.yaml").toFile());
    }

    private static Path chartFile(String name) {
        return Manifests.chart().resolve(name);
    }
}
