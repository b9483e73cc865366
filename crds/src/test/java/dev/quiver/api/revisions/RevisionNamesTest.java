package dev.quiver.api.revisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Revisions are named {@code <function>-00001}, {@code -00002}… and a name is read back to its number. */
class RevisionNamesTest {

    @Test
    void namesArePaddedToFiveDigits() {
        assertThat(RevisionNames.of("hello", 1)).isEqualTo("hello-00001");
        assertThat(RevisionNames.of("hello", 12345)).isEqualTo("hello-12345");
    }

    @Test
    void numbersPastFiveDigitsGrowTheName() {
        assertThat(RevisionNames.of("hello", 123456)).isEqualTo("hello-123456");
        assertThat(RevisionNames.number("hello", "hello-123456")).hasValue(123456);
    }

    @Test
    void numberZeroIsRejected() {
        assertThatThrownBy(() -> RevisionNames.of("hello", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("revision numbers start at 1, got 0");
    }

    @Test
    void numberReadsBackWhatOfWrote() {
        assertThat(RevisionNames.number("hello", RevisionNames.of("hello", 42))).hasValue(42);
    }

    @Test
    void revisionOfAFunctionWhoseNameExtendsThisOneIsNotThisOnes() {
        assertThat(RevisionNames.number("hello", "hello-world-00001")).isEmpty();
        assertThat(RevisionNames.number("hello-world", "hello-world-00001")).hasValue(1);
    }

    @Test
    void namesWithoutAFiveDigitNumberAreNotRevisions() {
        assertThat(RevisionNames.number("hello", "hello-0001")).isEmpty();
        assertThat(RevisionNames.number("hello", "hello")).isEmpty();
        assertThat(RevisionNames.number("hello", "hello-00001x")).isEmpty();
    }

    @Test
    void numberTooLargeForAnIntIsNotARevisionRatherThanAnError() {
        assertThat(RevisionNames.number("hello", "hello-99999999999")).isEmpty();
        assertThat(RevisionNames.number("hello", "hello-000000000007")).hasValue(7);
    }

    @Test
    void nextFollowsTheHighestNumberIgnoringGapsAndForeignNames() {
        assertThat(RevisionNames.next("hello", List.of())).isEqualTo("hello-00001");
        assertThat(RevisionNames.next("hello", List.of("hello-00003", "hello-00001", "other-00009", "hello-world-00007")))
                .isEqualTo("hello-00004");
    }
}
