package dev.quiver.functions.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailEveryTest {

    @Test
    void failsEveryNthCallAndOnlyThose() {
        FailEvery failEvery = new FailEvery(20);
        List<Integer> failed = new ArrayList<>();

        for (int call = 1; call <= 100; call++) {
            if (failEvery.failsNext()) {
                failed.add(call);
            }
        }

        assertThat(failed).containsExactly(20, 40, 60, 80, 100);
    }

    @Test
    void zeroNeverFails() {
        FailEvery failEvery = new FailEvery(0);

        for (int call = 0; call < 1000; call++) {
            assertThat(failEvery.failsNext()).isFalse();
        }
    }
}
