package dev.quiver.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.api.contract.DefaultProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes' default of a function image, chosen from the app folder's libraries: recorded as an image label and
 * returned with the built image. Built as OCI tars on no base, so no registry is needed.
 */
class DefaultProbeLabelTest {

    private static final String SDK = "dev.quiver.quiver-function-sdk-0.1.0-SNAPSHOT.jar";
    private static final String SMALLRYE_HEALTH = "io.quarkus.quarkus-smallrye-health-3.30.7.jar";

    @TempDir
    Path temp;

    @Test
    void anAppWithTheSdkIsLabelledQuiverSdkEvenWithSmallRyeHealth() throws Exception {
        Path app = QuarkusAppFixture.in(temp.resolve("app")).withLibrary(SMALLRYE_HEALTH).withLibrary(SDK).write();

        assertLabelled(app, DefaultProbe.QuiverSdk);
    }

    @Test
    void anAppWithSmallRyeHealthIsLabelledSmallRyeHealth() throws Exception {
        Path app = QuarkusAppFixture.in(temp.resolve("app")).withLibrary(SMALLRYE_HEALTH).write();

        assertLabelled(app, DefaultProbe.SmallRyeHealth);
    }

    @Test
    void anAppWithNeitherIsLabelledTcp() throws Exception {
        Path app = QuarkusAppFixture.in(temp.resolve("app")).write();

        assertLabelled(app, DefaultProbe.Tcp);
    }

    @Test
    void theSpecOfAFunctionCarriesTheLabelAndAnImageOfARecipeHasNone() throws Exception {
        Path app = QuarkusAppFixture.in(temp.resolve("app")).withLibrary(SMALLRYE_HEALTH).write();

        assertThat(ImageSpec.function(ImageSpec.SCRATCH, app, Map.of()).labels())
                .containsEntry(DefaultProbe.IMAGE_LABEL, "SmallRyeHealth");
        assertThat(AppProbes.detect(app)).isEqualTo(DefaultProbe.SmallRyeHealth);
        ImageSpec recipe = new ImageSpec(ImageSpec.SCRATCH, app, "/app", List.of("java"), "65532", "/app",
                Map.of(), List.of(), Map.of());
        assertThat(recipe.defaultProbe()).isNull();
    }

    private void assertLabelled(Path app, DefaultProbe expected) throws Exception {
        Path tar = temp.resolve("image.tar");

        BuiltImage built = new ImageBuilder(false, temp.resolve("cache"), line -> { })
                .build(ImageSpec.function(ImageSpec.SCRATCH, app, Map.of()), new ImageTarget.Tar(tar, "fn/hello:tar"));

        assertThat(built.defaultProbe()).isEqualTo(expected);
        assertThat(labels(tar).path(DefaultProbe.IMAGE_LABEL).asText()).isEqualTo(expected.name());
    }

    /** The labels in the config of the one image in an OCI layout tar. */
    private static JsonNode labels(Path tar) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, byte[]> entries = ImageBuilderIT.tarEntries(Files.newInputStream(tar));
        JsonNode index = json.readTree(entries.get("index.json"));
        JsonNode manifest = json.readTree(entries.get(blob(index.path("manifests").get(0).path("digest").asText())));
        JsonNode config = json.readTree(entries.get(blob(manifest.path("config").path("digest").asText())));
        return config.path("config").path("Labels");
    }

    private static String blob(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }
}
