package dev.quiver.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CronTest {

    @ParameterizedTest
    @ValueSource(strings = {"*/15 * * * *", "0 9 * * MON-FRI", "0 9 * * mon-fri", "0 0 1 JAN,JUL *", "30 6 * * SUN",
            "0 0 * * 7", "0,30 9-17/2 1-15 * 1-5", "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually",
            "@midnight", "0 12 ? * MON", "  5 4 * * *  "})
    void acceptsWhatKubernetesCronJobsAccept(String expression) {
        assertThat(Cron.problem(expression)).isNull();
    }

    @Test
    void namesTheFieldThatIsOutOfRange() {
        assertThat(Cron.problem("60 * * * *")).isEqualTo("'60' is not a valid minute field (0-59): Value 60 not in range [0, 59]");
        assertThat(Cron.problem("0 0 * 13 *")).startsWith("'13' is not a valid month field (1-12 or JAN-DEC)");
        assertThat(Cron.problem("0 9 * * MON-FRY")).startsWith("'MON-FRY' is not a valid day of week field (0-7 or SUN-SAT)");
    }

    @Test
    void rejectsAnInvertedRange() {
        assertThat(Cron.problem("* 18-9 * * *")).startsWith("'18-9' is not a valid hour field (0-23)");
    }

    @Test
    void rejectsGarbageWithTheShapeOfACronExpression() {
        assertThat(Cron.problem("garbage")).isEqualTo(
                "'garbage' has 1 fields; a cron expression has 5: minute hour day-of-month month day-of-week");
        assertThat(Cron.problem("a b c d e")).startsWith("'a' is not a valid minute field (0-59)");
        assertThat(Cron.problem("*/5 * * *")).contains("has 4 fields");
        assertThat(Cron.problem("0 0 * * * *")).contains("has 6 fields");
    }

    @Test
    void rejectsMacrosKubernetesDoesNotKnowAndEvery() {
        assertThat(Cron.problem("@reboot")).startsWith("'@reboot' is not a macro Kubernetes knows");
        assertThat(Cron.problem("@every 1h")).startsWith("'@every 1h' is not a macro Kubernetes knows");
    }

    @Test
    void aMissingExpressionSaysWhatOneLooksLike() {
        assertThat(Cron.problem(null)).isEqualTo("is required, e.g. '*/5 * * * *'");
        assertThat(Cron.problem(" ")).isEqualTo("is required, e.g. '*/5 * * * *'");
    }
}
