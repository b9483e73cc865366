package dev.quiver.controller.resources;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceDefaultsTest {

    private static final ResourceDefaults DEFAULTS = new ResourceDefaults(
            Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")), Map.of("memory", new Quantity("512Mi")));

    @Test
    void templateWithoutResourcesGetsTheDefaults() {
        ResourceRequirements resources = DEFAULTS.apply(null);

        assertThat(resources.getRequests()).containsExactlyInAnyOrderEntriesOf(
                Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")));
        assertThat(resources.getLimits()).containsExactlyInAnyOrderEntriesOf(Map.of("memory", new Quantity("512Mi")));
    }

    @Test
    void templateValuesAreKeptAndOnlyTheMissingOnesAdded() {
        ResourceRequirements own = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("2"))
                .addToLimits("cpu", new Quantity("4")).build();

        ResourceRequirements resources = DEFAULTS.apply(own);

        assertThat(resources.getRequests()).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("256Mi"));
        assertThat(resources.getLimits()).containsEntry("cpu", new Quantity("4")).containsEntry("memory", new Quantity("512Mi"));
    }

    @Test
    void aDefaultNeverPutsARequestAboveItsLimit() {
        ResourceRequirements bigRequest = new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("1Gi")).build();
        ResourceRequirements smallLimit = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("128Mi")).build();

        assertThat(DEFAULTS.apply(bigRequest).getLimits()).as("the limit rises to the request")
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(DEFAULTS.apply(smallLimit).getRequests()).as("the request falls to the limit")
                .containsEntry("memory", new Quantity("128Mi"));
    }

    @Test
    void withoutDefaultsTheTemplateIsUsedAsItIs() {
        assertThat(ResourceDefaults.none().apply(null)).isNull();
        ResourceRequirements own = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("1")).build();
        assertThat(ResourceDefaults.none().apply(own).getRequests()).containsExactly(Map.entry("cpu", new Quantity("1")));
        assertThat(ResourceDefaults.none().apply(own).getLimits()).isEmpty();
    }
}
