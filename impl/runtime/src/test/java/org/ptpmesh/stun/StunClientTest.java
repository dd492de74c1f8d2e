package org.ptpmesh.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Endpoint;

class StunClientTest {

    @Test
    void learnsItsAddressAndNatBehaviourFromARealCoturn() throws Exception {
        try (Coturn coturn = Coturn.start();
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            NatBehaviour b = new StunClient(socket, 500, 3).discover(coturn.primary).orElseThrow();
            Endpoint local = Endpoint.of((InetSocketAddress) socket.getLocalSocketAddress());
            assertThat(b.mapped()).isEqualTo(local);
            assertThat(b.behindNat()).isFalse();
            // coturn listens on two addresses: RFC 5780 discovery ran and found no NAT's quirks
            assertThat(b.mapping()).isEqualTo(NatBehaviour.Behaviour.ENDPOINT_INDEPENDENT);
            assertThat(b.filtering()).isEqualTo(NatBehaviour.Behaviour.ENDPOINT_INDEPENDENT);
            assertThat(b.natCode()).isEqualTo(3);
        }
    }

    @Test
    void noAnswerIsEmptyNotAnError() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Endpoint nobody = Endpoint.of((InetSocketAddress) silent.getLocalSocketAddress());
            assertThat(new StunClient(socket, 100, 2).discover(nobody)).isEmpty();
        }
    }

    @Test
    void readsXorMappedAddressAsRfc8489Section14Says() throws Exception {
        byte[] tid = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");
        // RFC 5769 2.2: IPv4 response, mapped 192.0.2.1:32853 (XOR-MAPPED-ADDRESS only)
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putShort((short) 0x0101).putShort((short) 12).putInt(0x2112A442).put(tid);
        b.putShort((short) 0x0020).putShort((short) 8).put(HexFormat.of().parseHex("0001a147e112a643"));
        StunMessage.Response r = StunMessage.parseResponse(b.array(), 32, tid);
        assertThat(r.mapped()).isEqualTo(Endpoint.of("192.0.2.1", 32853));
        assertThat(r.other()).isEmpty();
    }

    @Test
    void refusesResponsesThatAreNotOurs() {
        byte[] tid = new byte[12];
        byte[] other = new byte[12];
        other[0] = 1;
        byte[] response = ByteBuffer.allocate(20).putShort((short) 0x0101).putShort((short) 0).putInt(0x2112A442).put(other).array();
        assertThatThrownBy(() -> StunMessage.parseResponse(response, 20, tid)).isInstanceOf(StunMessage.StunException.class);
        byte[] truncated = ByteBuffer.allocate(20).putShort((short) 0x0101).putShort((short) 40).putInt(0x2112A442).put(tid).array();
        assertThatThrownBy(() -> StunMessage.parseResponse(truncated, 20, tid)).isInstanceOf(StunMessage.StunException.class)
                .hasMessageContaining("runs past");
    }
}
