package dev.quiver.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.revisions.ConfigCopyNames;
import dev.quiver.api.revisions.RevisionNames;
import dev.quiver.api.validation.FunctionValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The names of a revision's children agree with the limits the validator enforces up front, and stay put. */
class ChildNamesTest {

    private static final String LONGEST_FUNCTION = "f".repeat(FunctionValidator.MAX_NAME_LENGTH);

    @ParameterizedTest
    @EnumSource(ConfigSnapshot.Kind.class)
    void copyOfTheLongestSourceTheValidatorAllowsFitsAnObjectNameForEveryRevision(ConfigSnapshot.Kind kind) {
        String source = "s".repeat(ConfigCopyNames.maxSourceName(LONGEST_FUNCTION, kind));

        String last = ChildNames.configCopy(RevisionNames.of(LONGEST_FUNCTION, Integer.MAX_VALUE), kind, source);

        assertThat(last).hasSize(ConfigCopyNames.MAX_OBJECT_NAME)
                .isEqualTo(RevisionNames.of(LONGEST_FUNCTION, Integer.MAX_VALUE) + ConfigCopyNames.infix(kind) + source);
    }

    @ParameterizedTest
    @EnumSource(ConfigSnapshot.Kind.class)
    void copyOfTheFirstRevisionIsShorterStill(ConfigSnapshot.Kind kind) {
        String source = "s".repeat(ConfigCopyNames.maxSourceName(LONGEST_FUNCTION, kind));

        assertThat(ChildNames.configCopy(RevisionNames.of(LONGEST_FUNCTION, 1), kind, source).length())
                .isLessThan(ConfigCopyNames.MAX_OBJECT_NAME);
    }

    @Test
    void cronJobOfALongFunctionIsCutAndKeepsADigestOfTheFullName() {
        String name = ChildNames.cronJob("f".repeat(60), 0);

        assertThat(name).hasSizeLessThanOrEqualTo(ChildNames.MAX_CRONJOB_NAME).endsWith("-schedule-0")
                .isNotEqualTo(ChildNames.cronJob("f".repeat(61), 0));
        assertThat(ChildNames.cronJob("hello", 2)).isEqualTo("hello-schedule-2");
    }

    @Test
    void buildJobFitsAJobNameAndNamesTheSource() {
        assertThat(ChildNames.buildJob("hello", "0123456789abcdef")).isEqualTo("hello-build-0123456789");
        assertThat(ChildNames.buildJob("f".repeat(63), "0123456789abcdef")).hasSize(63).endsWith("-build-0123456789");
    }
}
