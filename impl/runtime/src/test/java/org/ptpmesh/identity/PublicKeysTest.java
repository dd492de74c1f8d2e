package org.ptpmesh.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PublicKeys}: the two forms people paste, and what is said about the rest. */
class PublicKeysTest {

    // the responder's static public key of the cacophony vectors
    private static final String HEX = "31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62";

    @Test
    void base64IsFortyFourCharactersAndReadsBack() {
        byte[] key = HexFormat.of().parseHex(HEX);
        String text = PublicKeys.format(key);
        assertThat(text).hasSize(44).endsWith("=").isEqualTo("MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I=");
        assertThat(PublicKeys.parse(text)).isEqualTo(key);
    }

    @Test
    void hexInEitherCaseIsTheSameKey() {
        assertThat(PublicKeys.parse(HEX)).isEqualTo(HexFormat.of().parseHex(HEX));
        assertThat(PublicKeys.parse(HEX.toUpperCase())).isEqualTo(HexFormat.of().parseHex(HEX));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I|44 characters of base64 or 64 hex digits (32 bytes), got 43",
        "MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I==|got 45 characters",
        "MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2!=|only A-Z a-z 0-9 + / and a final =",
        "MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2==|is 31 bytes of base64",
        "31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f6|got 63 characters",
        "31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f6g|got 64 characters"})
    void aKeyOfTheWrongLengthOrAlphabetIsRefusedSayingWhy(String text, String message) {
        assertThatThrownBy(() -> PublicKeys.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
