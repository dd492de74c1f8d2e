package org.ptpmesh.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebAddressTest {

    @Test
    void aPortAloneServesLoopback() {
        WebAddress a = WebAddress.parse("8080");
        assertThat(a.loopback()).isTrue();
        assertThat(a.socket().getPort()).isEqualTo(8080);
    }

    @Test
    void anAddressIsUsedAsGiven() {
        assertThat(WebAddress.parse("0.0.0.0:9100").loopback()).isFalse();
        assertThat(WebAddress.parse("127.0.0.2:9100").loopback()).isTrue();
        assertThat(WebAddress.parse("[::1]:9100").loopback()).isTrue();
        assertThat(WebAddress.parse("[::]:9100").socket().getPort()).isEqualTo(9100);
    }

    @Test
    void badSpecsAreTypedErrorsThatSayWhatIsWrong() {
        assertThatThrownBy(() -> WebAddress.parse("x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("number");
        assertThatThrownBy(() -> WebAddress.parse("70000")).hasMessageContaining("0-65535");
        assertThatThrownBy(() -> WebAddress.parse("example.org:80")).hasMessageContaining("IP address");
        assertThatThrownBy(() -> WebAddress.parse("[::1:80")).hasMessageContaining("[ADDR]:PORT");
        assertThatThrownBy(() -> WebAddress.parse(":80")).hasMessageContaining("IP address");
    }
}
