package dev.quiver.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.ConfigSnapshot;
import dev.quiver.api.revisions.ConfigCopyNames;
import dev.quiver.api.revisions.RevisionNames;
import dev.quiver.api.validation.FunctionValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The names of the controller's objects agree with the limits the validator enforces up front. */
class NamesTest {

    private static final String LONGEST_FUNCTION = "f".repeat(FunctionValidator.MAX_NAME_LENGTH);

    @ParameterizedTest
    @EnumSource(ConfigSnapshot.Kind.class)
    void copyOfTheLongestSourceTheValidatorAllowsFitsAnObjectNameForEveryRevision(ConfigSnapshot.Kind kind) {
        String source = "s".repeat(ConfigCopyNames.maxSourceName(LONGEST_FUNCTION, kind));

        String last = Names.configCopy(RevisionNames.of(LONGEST_FUNCTION, Integer.MAX_VALUE), kind, source);

        assertThat(last).hasSize(ConfigCopyNames.MAX_OBJECT_NAME)
                .isEqualTo(RevisionNames.of(LONGEST_FUNCTION, Integer.MAX_VALUE) + ConfigCopyNames.infix(kind) + source);
    }

    @ParameterizedTest
    @EnumSource(ConfigSnapshot.Kind.class)
    void copyOfTheFirstRevisionIsShorterStill(ConfigSnapshot.Kind kind) {
        String source = "s".repeat(ConfigCopyNames.maxSourceName(LONGEST_FUNCTION, kind));

        assertThat(Names.configCopy(RevisionNames.of(LONGEST_FUNCTION, 1), kind, source).length())
                .isLessThan(ConfigCopyNames.MAX_OBJECT_NAME);
    }
}
