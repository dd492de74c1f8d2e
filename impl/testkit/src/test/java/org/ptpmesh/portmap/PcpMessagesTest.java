package org.ptpmesh.portmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.GatewayAnswers;

class PcpMessagesTest {

    private static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @Test
    void aMapRequestIsLaidOutAsRfc6887Says() throws Exception {
        byte[] r = PcpMessages.mapRequest(InetAddress.getByName("10.1.0.10"), NONCE, 40000, 40001, 7200);
        ByteBuffer b = ByteBuffer.wrap(r);
        assertThat(r).hasSize(60);
        assertThat(b.get(0)).as("version").isEqualTo((byte) 2);
        assertThat(b.get(1)).as("R = 0, opcode MAP").isEqualTo((byte) 1);
        assertThat(b.getInt(4)).as("lifetime").isEqualTo(7200);
        assertThat(java.util.Arrays.copyOfRange(r, 8, 24)).as("client address, IPv4-mapped")
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 1, 0, 10);
        assertThat(java.util.Arrays.copyOfRange(r, 24, 36)).isEqualTo(NONCE);
        assertThat(r[36]).as("protocol UDP").isEqualTo((byte) 17);
        assertThat(b.getShort(40) & 0xffff).isEqualTo(40000);
        assertThat(b.getShort(42) & 0xffff).isEqualTo(40001);
        assertThat(java.util.Arrays.copyOfRange(r, 44, 60)).as("no external address preferred")
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0);
    }

    @Test
    void aNonceMustBeTwelveBytes() {
        assertThatThrownBy(() -> PcpMessages.mapRequest(InetAddress.getLoopbackAddress(), new byte[11], 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 bytes");
    }

    @Property
    void aGrantIsReadBackAsTheGatewayWroteIt(@ForAll @IntRange(min = 1, max = 65535) int internal,
            @ForAll @IntRange(min = 1, max = 65535) int external, @ForAll @LongRange(min = 0, max = 0xffffffffL) long lifetime,
            @ForAll("addresses") InetAddress address) {
        MappingReply r = PcpMessages.decode(GatewayAnswers.pcpMap(0, lifetime, NONCE, 17, internal, external, address), NONCE);
        assertThat(r).isEqualTo(new MappingReply.Granted(internal, external, lifetime, address));
    }

    @Property
    void everyErrorResultIsARefusalWithItsName(@ForAll @IntRange(min = 1, max = 255) int result) {
        MappingReply r = PcpMessages.decode(GatewayAnswers.pcpMap(result, 0, NONCE, 17, 1, 0, InetAddress.getLoopbackAddress()), NONCE);
        assertThat(r).isInstanceOf(MappingReply.Refused.class);
        assertThat(((MappingReply.Refused) r).resultCode()).isEqualTo(result);
        if (result == 2) {
            assertThat(((MappingReply.Refused) r).reason()).isEqualTo("NOT_AUTHORIZED");
        }
    }

    @Test
    void anAnswerToAnotherRequestOrAnotherProtocolIsNoGrant() throws Exception {
        InetAddress a = InetAddress.getByName("198.51.100.7");
        byte[] otherNonce = NONCE.clone();
        otherNonce[0] = 9;
        assertThat(PcpMessages.decode(GatewayAnswers.pcpMap(0, 60, otherNonce, 17, 1, 2, a), NONCE))
                .isInstanceOf(MappingReply.Malformed.class);
        assertThat(PcpMessages.decode(GatewayAnswers.pcpMap(0, 60, NONCE, 6, 1, 2, a), NONCE))
                .isInstanceOf(MappingReply.Malformed.class);
        assertThat(PcpMessages.decode(GatewayAnswers.natPmpUnsupportedVersion(), NONCE))
                .isEqualTo(new MappingReply.OtherVersion(0));
        byte[] request = PcpMessages.mapRequest(a, NONCE, 1, 1, 1);
        assertThat(PcpMessages.decode(request, NONCE)).as("our own request reflected").isInstanceOf(MappingReply.Malformed.class);
    }

    @Property
    void anyBytesDecodeToAReplyNeverAnException(@ForAll @Size(max = 1200) byte[] data) {
        assertThat(PcpMessages.decode(data, NONCE)).isNotNull();
    }

    @Provide
    Arbitrary<InetAddress> addresses() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> {
            try {
                return InetAddress.getByAddress(b);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
