package dev.quiver.controller.resources;

import dev.quiver.api.FunctionRevision;
import dev.quiver.api.testing.Revisions;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's scheduling settings for function pods ({@code quiver.controller.functions.*}) are read from their
 * configured text and reach every function pod, serving and job mode alike; unset, pods get none of these fields.
 */
class PodSchedulingTest {

    private static final String TOLERATIONS =
            "[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"functions\",\"effect\":\"NoSchedule\"}]";

    @Test
    void configuredTextBecomesNodeSelectorTolerationsPullSecretsAndRuntimeClass() {
        PodScheduling scheduling = PodScheduling.parse(List.of("kubernetes.io/os=linux", " pool = functions "),
                Optional.of(TOLERATIONS), List.of("regcred", " "), Optional.of("gvisor"));

        assertThat(scheduling.nodeSelector()).containsExactlyInAnyOrderEntriesOf(Map.of("kubernetes.io/os", "linux",
                "pool", "functions"));
        assertThat(scheduling.tolerations()).singleElement().satisfies(t -> assertThat(List.of(t.getKey(), t.getOperator(),
                t.getValue(), t.getEffect())).containsExactly("dedicated", "Equal", "functions", "NoSchedule"));
        assertThat(scheduling.imagePullSecrets()).containsExactly("regcred");
        assertThat(scheduling.runtimeClassName()).contains("gvisor");
    }

    @Test
    void emptySettingsMeanNone() {
        assertThat(PodScheduling.parse(List.of(), Optional.of(" "), List.of(), Optional.of("")))
                .isEqualTo(PodScheduling.none());
    }

    @Test
    void aNodeSelectorEntryWithoutEqualsIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PodScheduling.parse(List.of("linux"), Optional.empty(), List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quiver.controller.functions.node-selector").hasMessageContaining("'linux'");
    }

    @Test
    void tolerationsThatAreNotAJsonArrayAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PodScheduling.parse(List.of(), Optional.of("dedicated=functions:NoSchedule"), List.of(),
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quiver.controller.functions.tolerations is not a JSON array");
    }

    @Test
    void everyFunctionPodIsScheduledAsConfigured() {
        PodScheduling scheduling = PodScheduling.parse(List.of("pool=functions"), Optional.of(TOLERATIONS),
                List.of("regcred"), Optional.of("gvisor"));
        Workloads workloads = new Workloads(600, new PodSettings(PodSettings.defaults().addresses(), ResourceDefaults.none(),
                scheduling));
        FunctionRevision revision = Revisions.revision("hello", 1);

        for (PodSpec pod : List.of(workloads.deployment(revision).getSpec().getTemplate().getSpec(),
                workloads.jobTemplate(revision).getTemplate().getSpec())) {
            assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "functions"));
            assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
            assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred");
            assertThat(pod.getRuntimeClassName()).isEqualTo("gvisor");
            assertThat(pod.getAutomountServiceAccountToken()).as("still locked down").isFalse();
        }
    }

    @Test
    void withoutSettingsAFunctionPodHasNoSchedulingFields() {
        PodSpec pod = new Workloads(600, PodSettings.defaults()).deployment(Revisions.revision("hello", 1))
                .getSpec().getTemplate().getSpec();

        assertThat(pod.getNodeSelector()).isEmpty();
        assertThat(pod.getTolerations()).isEmpty();
        assertThat(pod.getImagePullSecrets()).isEmpty();
        assertThat(pod.getRuntimeClassName()).isNull();
    }
}
