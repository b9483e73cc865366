package dev.quiver.cli.view;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventViewTest {

    private static EventStatus.Trigger nats(String state, String message) {
        return new EventStatus.Trigger("nats", "link-results", null, null, null, state, message, 3L, null, null, null,
                null, null);
    }

    @Test
    void countersThatDoNotApplyAreDashes() {
        String text = EventView.triggers(Optional.of(new EventStatus.Triggers("m", List.of(nats("Active", null)))));

        assertThat(text.lines().skip(2).findFirst()).hasValueSatisfying(row ->
                assertThat(row.split("\\s+")).containsExactly("", "nats", "link-results", "-", "Active", "3", "-", "-", "-",
                        "-", "-"));
    }

    @Test
    void messageOfAnActiveTriggerIsNotShownAsAReason() {
        String text = EventView.triggers(Optional.of(new EventStatus.Triggers("m",
                List.of(nats("Active", "subscribed"), nats("Failed", "permission denied")))));

        assertThat(text).contains("link-results: permission denied").doesNotContain("subscribed");
    }

    @Test
    void noTriggersAndNoReportAreSaidInWords() {
        assertThat(EventView.triggers(Optional.of(new EventStatus.Triggers("m", null))))
                .isEqualTo("Triggers:\n  (no NATS or JetStream triggers)\n");
        assertThat(EventView.triggers(Optional.empty())).isEqualTo("Triggers:\n  trigger status " + EventView.NOT_AVAILABLE + "\n");
        assertThat(EventView.jobs(Optional.of(new EventStatus.Jobs("r", null, null, null))))
                .isEqualTo("Jobs:\n  running: 0\n  (no finished jobs yet)\n");
    }
}
