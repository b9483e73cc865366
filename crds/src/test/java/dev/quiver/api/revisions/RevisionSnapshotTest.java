package dev.quiver.api.revisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.testing.Functions;
import dev.quiver.api.contract.Labels;
import org.junit.jupiter.api.Test;

/** A revision snapshots the Function's template and is labelled so both planes find it again. */
class RevisionSnapshotTest {

    @Test
    void snapshotCopiesTheTemplateAndLabelsTheFunctionAndTemplateHash() {
        Function function = Functions.full("hello").build();

        FunctionRevision revision = RevisionSnapshot.of(function, "hello-00003", "registry.local/hello@sha256:abc", "h1");

        assertThat(revision.getMetadata().getLabels()).containsEntry(Labels.FUNCTION, "hello")
                .containsEntry(Labels.TEMPLATE_HASH, "h1");
        assertThat(RevisionSnapshot.templateHash(revision)).isEqualTo("h1");
        assertThat(revision.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(revision.getSpec().template).isEqualTo(function.getSpec().templateOrDefault())
                .isNotSameAs(function.getSpec().templateOrDefault());
        assertThat(revision.getSpec().mode).isEqualTo(function.getSpec().modeOrDefault());
    }

    @Test
    void laterChangesToTheFunctionDoNotReachTheRevision() {
        Function function = Functions.full("hello").build();
        FunctionRevision revision = RevisionSnapshot.of(function, "hello-00001", "img", "h1");
        int before = revision.getSpec().template.env.size();
        assertThat(before).isPositive();

        function.getSpec().templateOrDefault().env.clear();

        assertThat(revision.getSpec().template.env).hasSize(before);
    }
}
