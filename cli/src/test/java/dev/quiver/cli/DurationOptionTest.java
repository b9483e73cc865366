package dev.quiver.cli;

import dev.quiver.cli.fake.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one parser of timeout options. */
class DurationOptionTest {

    @Test
    void unitsAndCombinationsAreRead() {
        assertThat(DurationOption.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationOption.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationOption.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationOption.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aPlainNumberIsSeconds() {
        assertThat(DurationOption.parse("300")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationOption.parse("0")).isZero();
    }

    @Test
    void anythingElseIsRejectedWithExamples() {
        assertThatThrownBy(() -> DurationOption.parse("5 minutes")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("expected a duration such as 30s, 2m, 1h30m or 500ms");
        assertThatThrownBy(() -> DurationOption.parse("-5")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> DurationOption.parse("")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void formatWritesWhatTheParserReads() {
        assertThat(DurationOption.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(DurationOption.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(DurationOption.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(DurationOption.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void timeoutOptionsTakeDurationsAndRefuseOthers() {
        CliRun run = CliRun.of("deploy", "--timeout", "soon", ".");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--timeout", "expected a duration such as 30s");
    }
}
