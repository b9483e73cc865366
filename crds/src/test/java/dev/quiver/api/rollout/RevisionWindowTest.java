package dev.quiver.api.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rates a window gives, and the windows that cannot be. */
class RevisionWindowTest {

    @Test
    void errorRateCountsServerErrorsAndTimeoutsOverRequests() {
        RevisionWindow window = new RevisionWindow(200, 6, 4, 80, 1, 50);

        assertThat(window.errorRate()).isEqualTo(5.0);
        assertThat(window.deadLetterRate()).isEqualTo(2.0);
        assertThat(window.invocations()).isEqualTo(250);
    }

    @Test
    void anEmptyWindowHasNoFailures() {
        assertThat(RevisionWindow.EMPTY.errorRate()).isZero();
        assertThat(RevisionWindow.EMPTY.deadLetterRate()).isZero();
    }

    @Test
    void moreFailuresThanRequestsIsRefused() {
        assertThatThrownBy(() -> new RevisionWindow(5, 4, 2, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requests=5, errors=4, timeouts=2");
        assertThatThrownBy(() -> new RevisionWindow(0, 0, 0, 0, 3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
