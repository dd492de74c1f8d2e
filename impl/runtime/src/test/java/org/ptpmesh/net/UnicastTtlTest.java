package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The opener's TTL really lands on the socket in the option the destination's family uses:
 * read back with getsockopt, since loopback delivers whatever the hop limit.
 */
class UnicastTtlTest {

    @BeforeEach
    void linux() {
        assumeTrue(LinuxSockets.AVAILABLE && SocketDescriptor.reachable(), "needs Linux and the add-exports flag");
    }

    @Test
    void anIpv6DestinationGetsTheHopLimitAndTheDefaultComesBack() throws IOException {
        InetAddress v6 = DatagramIoTest.ipv6Loopback();
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            c.bind(new InetSocketAddress(v6, 0));
            int before = option(c, SocketOptions.IPPROTO_IPV6, SocketOptions.IPV6_UNICAST_HOPS);
            UnicastTtl.set(c, 2, true);
            assertThat(option(c, SocketOptions.IPPROTO_IPV6, SocketOptions.IPV6_UNICAST_HOPS)).isEqualTo(2);
            UnicastTtl.set(c, UnicastTtl.SYSTEM_DEFAULT, true);
            assertThat(option(c, SocketOptions.IPPROTO_IPV6, SocketOptions.IPV6_UNICAST_HOPS)).isEqualTo(before);
        }
    }

    @Test
    void aDualStackSocketGetsTheTtlForIpv4Too() throws IOException {
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            c.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            UnicastTtl.set(c, 2, false);
            assertThat(option(c, SocketOptions.IPPROTO_IP, SocketOptions.IP_TTL)).isEqualTo(2);
        }
    }

    @Test
    void anIpv4SocketCannotTakeAHopLimitForIpv6() throws IOException {
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)) {
            c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            UnicastTtl.set(c, 2, false);
            assertThat(option(c, SocketOptions.IPPROTO_IP, SocketOptions.IP_TTL)).isEqualTo(2);
            assertThatThrownBy(() -> UnicastTtl.set(c, 2, true)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("IPV6_UNICAST_HOPS");
        }
    }

    private static int option(DatagramChannel c, int level, int name) {
        Memory value = new Memory(4);
        Memory length = new Memory(4);
        length.setInt(0, 4);
        LinuxSockets.getsockopt(SocketDescriptor.of(c), level, name, value, length);
        return value.getInt(0);
    }
}
