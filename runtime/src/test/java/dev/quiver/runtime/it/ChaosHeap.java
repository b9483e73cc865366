package dev.quiver.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The chaos suite's bound on the runtime's memory: its JVM gets a 256 MiB heap and exits on the first
 * OutOfMemoryError, so a scenario that made it hold whole bodies would end it, and {@link #assertServing} sees that.
 */
final class ChaosHeap {

    /** The runtime's JVM options in the chaos suite. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

    private ChaosHeap() {
    }

    /** The runtime still runs, never ran out of heap, and its gateway still gets the function's answer. */
    static void assertServing(LocalRuntimeProcess runtime) {
        assertThat(runtime.alive()).as("the runtime still runs\n" + runtime.logTail()).isTrue();
        assertThat(runtime.log()).doesNotContain("OutOfMemoryError");
        runtime.await("chaos to answer", Duration.ofSeconds(60), () -> runtime.invoke("/fn/chaos", Map.of(), "{}"),
                response -> response.statusCode() == 200);
    }
}
