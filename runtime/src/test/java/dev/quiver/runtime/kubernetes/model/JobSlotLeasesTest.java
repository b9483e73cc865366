package dev.quiver.runtime.kubernetes.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobSlotLeasesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);

    @Test
    void slotNamesDifferPerNamespaceAndFunctionAndAreValidNames() {
        String dev = JobSlotLeases.leaseName("quiver-dev", "payments", 0);
        String prod = JobSlotLeases.leaseName("production", "payments", 0);

        assertThat(dev).isNotEqualTo(prod).matches("[a-z0-9-]{1,63}").endsWith("-0");
        assertThat(JobSlotLeases.leaseName("quiver-dev", "payments", 1)).isNotEqualTo(dev);
        assertThat(JobSlotLeases.leaseName("a".repeat(63), "b".repeat(63), 99)).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void aSlotIsAbandonedOnlyWhenItsJobDoesNotRunAndTheGraceHasPassed() {
        assertThat(JobSlotLeases.abandoned(true, NOW.minusSeconds(3600), NOW, GRACE)).as("its Job runs").isFalse();
        assertThat(JobSlotLeases.abandoned(false, NOW.minusSeconds(5), NOW, GRACE)).as("its Job is being created")
                .isFalse();
        assertThat(JobSlotLeases.abandoned(false, NOW.minusSeconds(31), NOW, GRACE)).isTrue();
        assertThat(JobSlotLeases.abandoned(false, null, NOW, GRACE)).isTrue();
    }
}
