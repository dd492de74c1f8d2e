package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void hostPortWithAndWithoutDefault() {
        assertThat(Args.hostPort("127.0.0.1:23456", "--x", -1)).isEqualTo(new InetSocketAddress("127.0.0.1", 23456));
        assertThat(Args.hostPort("[::1]:9", "--x", -1).getPort()).isEqualTo(9);
        assertThat(Args.hostPort("127.0.0.1", "--stun", 3478).getPort()).isEqualTo(3478);
        assertThatThrownBy(() -> Args.hostPort("127.0.0.1", "--introducers", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--introducers").hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> Args.hostPort("127.0.0.1:x", "--stun", 3478)).hasMessageContaining("port is not a number");
    }

    @Test
    void peerIdIs32HexDigits() {
        assertThat(Args.peerId("000102030405060708090a0b0c0d0e0f", "--id").bytes()).hasSize(16).startsWith(0, 1, 2);
        assertThatThrownBy(() -> Args.peerId("zz", "--id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--id must be 32 hex digits");
    }
}
