package dev.quiver.builder.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerPlanTest {

    private static final List<String> QUARKUS_APP = List.of(
            "app/hello-1.0.jar",
            "quarkus/generated-bytecode.jar",
            "lib/main/io.vertx.vertx-core-4.5.jar",
            "quarkus-run.jar",
            "lib/boot/io.quarkus.quarkus-bootstrap-runner-3.30.7.jar",
            "lib/main/dev.quiver.quiver-function-sdk-0.1.0-SNAPSHOT.jar",
            "quarkus/quarkus-application.dat",
            "quarkus-app-dependencies.txt");

    @Test
    void layersGoFromDependenciesToApplicationCode() {
        List<LayerPlan.Layer> layers = LayerPlan.plan(QUARKUS_APP);

        assertThat(layers).extracting(LayerPlan.Layer::name).containsExactly(LayerPlan.DEPENDENCIES,
                LayerPlan.SNAPSHOT_DEPENDENCIES, LayerPlan.QUARKUS, LayerPlan.APPLICATION);
        assertThat(layers.get(0).files()).containsExactly("lib/boot/io.quarkus.quarkus-bootstrap-runner-3.30.7.jar",
                "lib/main/io.vertx.vertx-core-4.5.jar", "quarkus-app-dependencies.txt");
        assertThat(layers.get(1).files()).containsExactly("lib/main/dev.quiver.quiver-function-sdk-0.1.0-SNAPSHOT.jar");
        assertThat(layers.get(2).files()).containsExactly("quarkus-run.jar", "quarkus/generated-bytecode.jar",
                "quarkus/quarkus-application.dat");
        assertThat(layers.get(3).files()).containsExactly("app/hello-1.0.jar");
    }

    @Test
    void everyFileLandsInExactlyOneLayer() {
        List<String> planned = LayerPlan.plan(QUARKUS_APP).stream().flatMap(layer -> layer.files().stream()).toList();

        assertThat(planned).containsExactlyInAnyOrderElementsOf(QUARKUS_APP);
    }

    @Test
    void thePlanDoesNotDependOnTheOrderFilesAreListedIn() {
        List<String> reversed = new ArrayList<>(QUARKUS_APP);
        Collections.reverse(reversed);

        assertThat(LayerPlan.plan(reversed)).isEqualTo(LayerPlan.plan(QUARKUS_APP));
    }

    @Test
    void emptyLayersAreLeftOut() {
        assertThat(LayerPlan.plan(List.of("quarkus-run.jar", "app/a.jar")))
                .extracting(LayerPlan.Layer::name).containsExactly(LayerPlan.QUARKUS, LayerPlan.APPLICATION);
    }

    @Test
    void unknownFilesGoToTheApplicationLayer() {
        assertThat(LayerPlan.layerOf("config/application.yaml")).isEqualTo(LayerPlan.APPLICATION);
        assertThat(LayerPlan.layerOf("./lib/main/a-1.0.jar")).isEqualTo(LayerPlan.DEPENDENCIES);
    }

    @Test
    void pathsOutsideTheAppFolderAreRefused() {
        assertThatThrownBy(() -> LayerPlan.layerOf("../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../etc/passwd");
        assertThatThrownBy(() -> LayerPlan.layerOf("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
