package dev.quiver.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.runtime.auth.ApiKeyCheck.Outcome;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

class ApiKeyCheckTest {

    private static final byte[] EXPECTED = ApiKeyCheck.digest("s3cret-key");

    @Test
    void theRightBearerKeyIsAcceptedWhateverTheSchemeCase() {
        assertThat(ApiKeyCheck.check("Bearer s3cret-key", EXPECTED)).isEqualTo(Outcome.ACCEPTED);
        assertThat(ApiKeyCheck.check("bearer s3cret-key", EXPECTED)).isEqualTo(Outcome.ACCEPTED);
        assertThat(ApiKeyCheck.check("BEARER   s3cret-key  ", EXPECTED)).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void anotherKeyIsWrong() {
        assertThat(ApiKeyCheck.check("Bearer s3cret-kez", EXPECTED)).isEqualTo(Outcome.WRONG);
        assertThat(ApiKeyCheck.check("Bearer s3cret-key2", EXPECTED)).isEqualTo(Outcome.WRONG);
    }

    @Test
    void noBearerKeyIsMissing() {
        assertThat(ApiKeyCheck.check(null, EXPECTED)).isEqualTo(Outcome.MISSING);
        assertThat(ApiKeyCheck.check("", EXPECTED)).isEqualTo(Outcome.MISSING);
        assertThat(ApiKeyCheck.check("Bearer ", EXPECTED)).isEqualTo(Outcome.MISSING);
        assertThat(ApiKeyCheck.check("Bearer    ", EXPECTED)).isEqualTo(Outcome.MISSING);
        assertThat(ApiKeyCheck.check("Basic czNjcmV0LWtleQ==", EXPECTED)).isEqualTo(Outcome.MISSING);
    }

    @Test
    void aFunctionWhoseKeyCouldNotBeReadAcceptsNoKey() {
        assertThat(ApiKeyCheck.check("Bearer s3cret-key", new byte[0])).isEqualTo(Outcome.WRONG);
        assertThat(ApiKeyCheck.check("Bearer ", new byte[0])).isEqualTo(Outcome.MISSING);
    }

    @Test
    void theDigestIsSha256OfTheUtf8Key() {
        // sha256("abc"), FIPS 180-2 test vector
        assertThat(HexFormat.of().formatHex(ApiKeyCheck.digest("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theInternalKeyMatchesOnlyItself() {
        assertThat(InternalKey.matches(InternalKey.value())).isTrue();
        assertThat(InternalKey.matches(InternalKey.value() + "x")).isFalse();
        assertThat(InternalKey.matches("true")).isFalse();
        assertThat(InternalKey.matches(null)).isFalse();
        assertThat(InternalKey.value()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(InternalKey.isHeader("x-quiver-internal-key")).isTrue();
        assertThat(InternalKey.isHeader("x-quiver-internal")).isFalse();
    }

    @Test
    void anUnreadKeyMatchesNothingAndSaysUnavailableOnlyToCallersThatSendAKey() {
        byte[] unread = ApiKeyCheck.unavailable();

        assertThat(ApiKeyCheck.isUnavailable(unread)).isTrue();
        assertThat(ApiKeyCheck.isUnavailable(EXPECTED)).isFalse();
        assertThat(ApiKeyCheck.isUnavailable(new byte[0])).isFalse();
        assertThat(ApiKeyCheck.check("Bearer s3cret-key", unread)).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(ApiKeyCheck.check(null, unread)).isEqualTo(Outcome.MISSING);
        assertThat(ApiKeyCheck.check("Bearer s3cret-key", new byte[0])).isEqualTo(Outcome.WRONG);
    }
}
