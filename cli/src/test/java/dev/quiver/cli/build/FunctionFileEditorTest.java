package dev.quiver.cli.build;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionFileEditorTest {

    private static final String YAML = String.join("\n",
            "# The echo sample.",
            "apiVersion: quiver.dev/v1alpha1",
            "kind: Function",
            "metadata:",
            "  name: hello",
            "spec:",
            "  # where it is pushed",
            "  image: localhost:5000/quiver/hello:latest  # by tag for now",
            "  template:",
            "    image: not-this-one",
            "");

    @Test
    void replacesSpecImageAndKeepsEveryOtherLine() {
        String updated = FunctionFileEditor.withImage(YAML, "localhost:5000/quiver/hello@sha256:abc");

        assertThat(updated).isEqualTo(YAML.replace("  image: localhost:5000/quiver/hello:latest  # by tag for now",
                "  image: localhost:5000/quiver/hello@sha256:abc  # by tag for now"));
        assertThat(updated).contains("    image: not-this-one");
    }

    @Test
    void aFunctionWithoutSpecImageIsRefused() {
        String built = "metadata:\n  name: x\nspec:\n  build:\n    image: nested\n";

        assertThatThrownBy(() -> FunctionFileEditor.withImage(built, "r/x@sha256:abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spec.image");
    }

    @Test
    void addsAnAnnotationsBlockUnderMetadataWhenThereIsNone() {
        String updated = FunctionFileEditor.withAnnotation(YAML, "quiver.dev/default-probe", "QuiverSdk");

        assertThat(updated).isEqualTo(YAML.replace("  name: hello\n",
                "  name: hello\n  annotations:\n    quiver.dev/default-probe: QuiverSdk\n"));
    }

    @Test
    void replacesTheAnnotationOrAddsItToTheExistingOnes() {
        String annotated = String.join("\n",
                "metadata:",
                "  name: hello",
                "  annotations:  # ours",
                "    team: payments",
                "    quiver.dev/default-probe: Tcp",
                "",
                "spec:",
                "  image: x",
                "");

        assertThat(FunctionFileEditor.withAnnotation(annotated, "quiver.dev/default-probe", "SmallRyeHealth"))
                .isEqualTo(annotated.replace("default-probe: Tcp", "default-probe: SmallRyeHealth"));
        assertThat(FunctionFileEditor.withAnnotation(annotated, "other", "1"))
                .isEqualTo(annotated.replace("default-probe: Tcp\n", "default-probe: Tcp\n    other: \"1\"\n"));
    }

    @Test
    void metadataInFlowStyleIsRefused() {
        assertThatThrownBy(() -> FunctionFileEditor.withAnnotation("metadata: {name: x}\nspec: {image: y}\n", "k", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata");
        assertThatThrownBy(() -> FunctionFileEditor.withAnnotation("metadata:\n  name: x\n  annotations: {a: b}\n", "k", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("annotations");
    }
}
