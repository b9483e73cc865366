package dev.quiver.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed CRD YAML is what the Java types generate, and it has the names, columns and subresources users see. */
class CrdDriftTest {

    private static final String HOW_TO_FIX = "the committed CRD differs from what the Java types generate; "
            + "regenerate it with ./mvnw -pl crds -Pupdate-crds process-classes and commit the result";

    @Test
    void committedFilesAreExactlyTheGeneratedOnes() throws IOException {
        assertThat(crdFiles(CrdFiles.committedDir())).as(HOW_TO_FIX).isEqualTo(crdFiles(CrdFiles.generatedDir()))
                .containsExactly(CrdFiles.REVISIONS, CrdFiles.FUNCTIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = {CrdFiles.FUNCTIONS, CrdFiles.REVISIONS})
    void committedCrdEqualsTheGeneratedOne(String file) {
        JsonNode generated = CrdFiles.read(CrdFiles.generatedDir().resolve(file));

        assertThat(CrdFiles.committed(file)).as(file + ": " + HOW_TO_FIX).isEqualTo(generated);
    }

    @Test
    void functionColumnsAreUrlLatestReadyReadyReasonAge() {
        assertThat(columns(CrdFiles.FUNCTIONS)).containsExactly("URL", "LatestReady", "Ready", "Reason", "Age");
    }

    @Test
    void revisionColumnsAreFunctionReadyReplicasAge() {
        assertThat(columns(CrdFiles.REVISIONS)).containsExactly("Function", "Ready", "Replicas", "Age");
    }

    @Test
    void namesAreShortAndInTheQuiverCategory() {
        JsonNode functions = CrdFiles.committed(CrdFiles.FUNCTIONS).path("spec");
        JsonNode revisions = CrdFiles.committed(CrdFiles.REVISIONS).path("spec");

        assertThat(functions.path("group").asText()).isEqualTo("quiver.dev");
        assertThat(functions.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(texts(functions.path("names").path("shortNames"))).containsExactly("qfn");
        assertThat(texts(revisions.path("names").path("shortNames"))).containsExactly("qrev");
        assertThat(texts(functions.path("names").path("categories"))).containsExactly("quiver");
        assertThat(texts(revisions.path("names").path("categories"))).containsExactly("quiver");
    }

    @ParameterizedTest
    @ValueSource(strings = {CrdFiles.FUNCTIONS, CrdFiles.REVISIONS})
    void statusIsASubresource(String file) {
        assertThat(version(file).path("subresources").has("status")).isTrue();
    }

    @Test
    void revisionScalesThroughTheScaleSubresource() {
        JsonNode scale = version(CrdFiles.REVISIONS).path("subresources").path("scale");

        assertThat(scale.path("specReplicasPath").asText()).isEqualTo(".spec.replicas");
        assertThat(scale.path("statusReplicasPath").asText()).isEqualTo(".status.actualReplicas");
        assertThat(scale.path("labelSelectorPath").asText()).isEqualTo(".status.selector");
        assertThat(version(CrdFiles.FUNCTIONS).path("subresources").has("scale")).isFalse();
    }

    @Test
    void crossFieldRulesAreInTheSchema() {
        JsonNode spec = CrdFiles.schema(CrdFiles.committed(CrdFiles.FUNCTIONS)).path("properties").path("spec");

        assertThat(spec.path("x-kubernetes-validations").findValuesAsText("message")).contains(
                "exactly one of spec.image or spec.build must be set",
                "the percents of the traffic targets without a match rule must sum to 100",
                "each traffic tag must be unique");
        assertThat(spec.path("properties").path("template").path("properties").path("scale")
                .path("x-kubernetes-validations").findValuesAsText("message"))
                .containsExactly("scale.min must not be greater than scale.max");
    }

    private static JsonNode version(String file) {
        return CrdFiles.committed(file).path("spec").path("versions").path(0);
    }

    private static List<String> columns(String file) {
        return version(file).path("additionalPrinterColumns").findValuesAsText("name");
    }

    private static List<String> texts(JsonNode array) {
        return Stream.of(array).flatMap(a -> a.valueStream()).map(JsonNode::asText).toList();
    }

    private static List<String> crdFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-v1.yml")).sorted().toList();
        }
    }
}
