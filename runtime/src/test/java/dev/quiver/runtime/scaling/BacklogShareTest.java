package dev.quiver.runtime.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.TrafficTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacklogShareTest {

    @Test
    void eachRevisionGetsItsPercentOfTheBacklogRoundedUp() {
        List<TrafficTarget> split = List.of(TrafficTarget.revision("f-00002", 90), TrafficTarget.revision("f-00001", 10));

        assertThat(RevisionAutoscalers.share(100, "f-00002", split)).isEqualTo(90);
        assertThat(RevisionAutoscalers.share(100, "f-00001", split)).isEqualTo(10);
        assertThat(RevisionAutoscalers.share(1, "f-00001", split)).as("any backlog wakes a revision with a share").isEqualTo(1);
    }

    @Test
    void aTagOnlyRevisionGetsNoneAndUnknownTrafficGetsAll() {
        TrafficTarget tagged = new TrafficTarget();
        tagged.revisionName = "f-00003";
        tagged.tag = "feature";
        List<TrafficTarget> traffic = List.of(TrafficTarget.revision("f-00002", 100), tagged);

        assertThat(RevisionAutoscalers.share(50, "f-00003", traffic)).isZero();
        assertThat(RevisionAutoscalers.share(50, "f-00002", List.of())).isEqualTo(50);
    }
}
