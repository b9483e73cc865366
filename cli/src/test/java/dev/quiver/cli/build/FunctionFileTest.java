package dev.quiver.cli.build;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionFileTest {

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
        String updated = FunctionFile.withImage(YAML, "localhost:5000/quiver/hello@sha256:abc");

        assertThat(updated).isEqualTo(YAML.replace("  image: localhost:5000/quiver/hello:latest  # by tag for now",
                "  image: localhost:5000/quiver/hello@sha256:abc  # by tag for now"));
        assertThat(updated).contains("    image: not-this-one");
    }

    @Test
    void aFunctionWithoutSpecImageIsRefused() {
        String built = "metadata:\n  name: x\nspec:\n  build:\n    image: nested\n";

        assertThatThrownBy(() -> FunctionFile.withImage(built, "r/x@sha256:abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spec.image");
    }
}
