package dev.quiver.api.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.api.TrafficTarget;
import org.junit.jupiter.api.Test;

/** A rollout's split as traffic targets: the rest to the stable revision, the new one reachable by tag even at 0 %. */
class TrafficSplitTest {

    @Test
    void theStableRevisionHasTheRest() {
        assertThat(new TrafficSplit("fn-00002", 25, "fn-00001").targets()).containsExactly(
                TrafficTarget.revision("fn-00001", 75).withTag("stable"),
                TrafficTarget.revision("fn-00002", 25).withTag("canary"));
    }

    @Test
    void aWeightOutsideZeroTo100IsRefused() {
        assertThatThrownBy(() -> new TrafficSplit("fn-00002", 101, "fn-00001")).isInstanceOf(IllegalArgumentException.class);
    }
}
