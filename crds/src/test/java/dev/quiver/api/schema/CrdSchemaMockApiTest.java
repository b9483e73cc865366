package dev.quiver.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.testing.Functions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed CRDs go through an API server (the fabric8 mock, in CRUD mode) intact, their schemas are structural
 * (every node has a type) and documented (every property has a description, so {@code kubectl explain} is useful),
 * and Functions and revisions are stored and read back unchanged.
 */
@EnableKubernetesMockClient(crud = true)
class CrdSchemaMockApiTest {

    // Static: one mock server for the class, so the CRDs are installed once.
    static KubernetesClient client;

    @BeforeAll
    static void installCrds() {
        for (String file : List.of(CrdFiles.FUNCTIONS, CrdFiles.REVISIONS)) {
            CustomResourceDefinition crd = client.getKubernetesSerialization()
                    .convertValue(CrdFiles.committed(file), CustomResourceDefinition.class);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"functions.quiver.dev", "functionrevisions.quiver.dev"})
    void everySchemaNodeHasATypeAndEveryPropertyADescription(String crdName) {
        JsonNode schema = storedSchema(crdName);
        List<String> untyped = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();

        for (Map.Entry<String, JsonNode> node : CrdFiles.nodes(schema).entrySet()) {
            String path = node.getKey();
            if (!hasType(node.getValue())) {
                untyped.add(path);
            }
            boolean isProperty = !path.isEmpty() && !path.endsWith("]") && !path.endsWith("}");
            if (isProperty && !node.getValue().hasNonNull("description")) {
                undocumented.add(path);
            }
        }

        assertThat(CrdFiles.nodes(schema)).hasSizeGreaterThan(20);
        assertThat(untyped).as("schema nodes without a type").isEmpty();
        assertThat(undocumented).as("properties without a description (add @JsonPropertyDescription)").isEmpty();
    }

    @Test
    void functionIsStoredAndReadBackUnchanged() {
        Function function = Functions.full("link-checker").build();

        client.resource(function).create();
        Function read = client.resources(Function.class).inNamespace("default").withName("link-checker").get();

        assertThat(read.getSpec()).isEqualTo(function.getSpec());
        assertThat(read.getMetadata().getName()).isEqualTo("link-checker");
    }

    @Test
    void revisionIsStoredAndReadBackUnchanged() {
        FunctionRevision revision = Functions.revision("link-checker", 3);

        client.resource(revision).create();
        FunctionRevision read = client.resources(FunctionRevision.class).inNamespace("default")
                .withName("link-checker-00003").get();

        assertThat(read.getSpec()).isEqualTo(revision.getSpec());
    }

    private JsonNode storedSchema(String crdName) {
        CustomResourceDefinition stored = client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
        return ApiJson.tree(stored.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    }

    private static boolean hasType(JsonNode node) {
        return node.hasNonNull("type") || node.path("x-kubernetes-int-or-string").asBoolean()
                || node.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    }
}
