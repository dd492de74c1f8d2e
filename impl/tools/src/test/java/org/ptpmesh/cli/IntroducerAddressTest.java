package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.wire.Endpoint;

/** {@link IntroducerAddress}: HOST:PORT with an optional @KEY pin, and what is said about a bad one. */
class IntroducerAddressTest {

    private static final String BASE64 = "MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I=";
    private static final String HEX = "31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62";

    @Test
    void aKeyInBase64OrHexIsThePin() {
        IntroducerAddress base64 = IntroducerAddress.parse("192.0.2.1:23456@" + BASE64, "--introducers", -1);
        IntroducerAddress hex = IntroducerAddress.parse("[2001:db8::1]:23456@" + HEX, "--introducers", -1);
        assertThat(base64.endpoint()).isEqualTo(Endpoint.parse("192.0.2.1:23456"));
        assertThat(base64.key()).isEqualTo(HexFormat.of().parseHex(HEX));
        assertThat(hex.endpoint()).isEqualTo(Endpoint.parse("[2001:db8::1]:23456"));
        assertThat(hex.key()).isEqualTo(base64.key());
    }

    @Test
    void withoutAKeyNothingIsPinned() {
        IntroducerAddress plain = IntroducerAddress.parse("192.0.2.1:23456", "--introducers", -1);
        assertThat(plain.key()).isNull();
        assertThat(PtpclientCommand.pins(plain, List.of())).isEmpty();
    }

    @Test
    void theServersHostTakesItsPortFromTheDefault() {
        IntroducerAddress server = IntroducerAddress.parse("192.0.2.1@" + BASE64, "--server", 23456);
        assertThat(server.endpoint()).isEqualTo(Endpoint.parse("192.0.2.1:23456"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1@MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I=|--introducers: '192.0.2.1' needs a port 1-65535, as HOST:PORT",
        "192.0.2.1:x@MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I=|--introducers: port is not a number",
        "192.0.2.1:23456@MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2|bad key in '192.0.2.1:23456@MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2': a public key is 44 characters of base64 or 64 hex digits (32 bytes), got 42 characters",
        "192.0.2.1:23456@MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2%=|only A-Z a-z 0-9 + / and a final =",
        "192.0.2.1:23456@|got 0 characters"})
    void aBadAddressOrKeyIsRefusedSayingWhy(String text, String message) {
        assertThatThrownBy(() -> IntroducerAddress.parse(text, "--introducers", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theServerAndTheNatCheckIntroducersArePinnedTogetherAndMustAgree() {
        IntroducerAddress server = IntroducerAddress.parse("192.0.2.1@" + BASE64, "--server", 23456);
        IntroducerAddress same = IntroducerAddress.parse("192.0.2.1:23456@" + HEX, "--introducers", -1);
        IntroducerAddress other = IntroducerAddress.parse("192.0.2.2:23456@" + BASE64, "--introducers", -1);
        Map<Endpoint, byte[]> pins = PtpclientCommand.pins(server, List.of(same, other));
        assertThat(pins).containsOnlyKeys(Endpoint.parse("192.0.2.1:23456"), Endpoint.parse("192.0.2.2:23456"));

        IntroducerAddress conflicting = IntroducerAddress.parse("192.0.2.1:23456@" + "A".repeat(43) + "=", "--introducers", -1);
        assertThatThrownBy(() -> PtpclientCommand.pins(server, List.of(conflicting, other)))
                .hasMessageContaining("192.0.2.1:23456 is pinned to two different keys");
    }
}
