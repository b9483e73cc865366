package dev.quiver.cli.view;

import dev.quiver.api.Function;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.quiver.api.testing.Fixtures.failing;
import static dev.quiver.api.testing.Fixtures.function;
import static dev.quiver.api.testing.Fixtures.readyOn;
import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTrackerTest {

    @Test
    void reportsOnlyChangesAndSettlesWhenEveryExpectedFunctionIsReadyOrFailed() {
        ReadinessTracker tracker = new ReadinessTracker(2);

        List<String> first = tracker.update(List.of(function("hello")));
        assertThat(first).singleElement().asString().contains("hello").contains("starting");
        assertThat(tracker.settled()).as("one of two functions listed").isFalse();

        Function ready = function("hello", readyOn("hello-00001"));
        Function broken = function("broken", failing("BuildFailed", "mvn package failed"));
        assertThat(tracker.update(List.of(ready, broken)))
                .containsExactly(String.format("  %-20s %s", "hello", "ready on hello-00001"),
                        String.format("  %-20s %s", "broken", "FAILED BuildFailed: mvn package failed"));
        assertThat(tracker.settled()).isTrue();

        assertThat(tracker.update(List.of(ready, broken))).as("nothing changed").isEmpty();
    }
}
