package dev.quiver.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.invoke.InvocationResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobOutcomeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aJobThatExitsZeroWithA2xxSucceeded() {
        assertThat(JobInvoker.outcome(result(200, 0, Duration.ofSeconds(1)), TIMEOUT)).isEqualTo("succeeded");
    }

    @Test
    void aJobThatFailedHavingUsedItsWholeTimeoutTimedOut() {
        assertThat(JobInvoker.outcome(InvocationResult.failed("the job did not answer within 5s", TIMEOUT), TIMEOUT))
                .isEqualTo("timed_out");
    }

    @Test
    void aJobThatExitedNonZeroEarlyFailed() {
        assertThat(JobInvoker.outcome(result(200, 3, Duration.ofSeconds(1)), TIMEOUT)).isEqualTo("failed");
    }

    private static InvocationResult result(int status, int exit, Duration took) {
        return new InvocationResult(status, "text/plain", new byte[0], "job-00001", null, took, exit);
    }
}
