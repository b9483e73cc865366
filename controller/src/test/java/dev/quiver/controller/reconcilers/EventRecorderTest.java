package dev.quiver.controller.reconcilers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Event messages stay within what the events API accepts; the full text is in the object's status. */
class EventRecorderTest {

    @Test
    void aLongMessageIsCutWithAnEllipsisAndAShortOneKept() {
        String failure = "no replica passed its readiness probe; last lines of its log:\n" + "x".repeat(5000);

        assertThat(EventRecorder.shortened(failure)).hasSize(EventRecorder.MAX_MESSAGE).endsWith("…")
                .startsWith("no replica passed its readiness probe");
        assertThat(EventRecorder.shortened("ready with 1 replica")).isEqualTo("ready with 1 replica");
    }
}
