package org.ptpmesh.portmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.GatewayAnswers;

class NatPmpMessagesTest {

    @Test
    void requestsAreLaidOutAsRfc6886Says() {
        assertThat(NatPmpMessages.addressRequest()).containsExactly(0, 0);
        assertThat(NatPmpMessages.mapRequest(0x9c40, 0x9c41, 7200))
                .containsExactly(0, 1, 0, 0, 0x9c, 0x40, 0x9c, 0x41, 0, 0, 0x1c, 0x20);
        assertThat(NatPmpMessages.mapRequest(0x9c40, 0, 0)).as("a deletion")
                .containsExactly(0, 1, 0, 0, 0x9c, 0x40, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void theExternalAddressIsRead() throws Exception {
        InetAddress a = InetAddress.getByName("198.51.100.7");
        assertThat(NatPmpMessages.decode(GatewayAnswers.natPmpAddress(0, a))).isEqualTo(new MappingReply.ExternalAddress(a));
    }

    @Property
    void aGrantIsReadBackAsTheGatewayWroteIt(@ForAll @IntRange(min = 1, max = 65535) int internal,
            @ForAll @IntRange(min = 1, max = 65535) int external, @ForAll @LongRange(min = 0, max = 0xffffffffL) long lifetime) {
        assertThat(NatPmpMessages.decode(GatewayAnswers.natPmpMap(0, internal, external, lifetime)))
                .isEqualTo(new MappingReply.Granted(internal, external, lifetime, null));
    }

    @Test
    void errorsAreRefusalsWithTheirRfcNamesEvenWhenShort() {
        assertThat(NatPmpMessages.decode(new byte[] {0, (byte) 129, 0, 2}))
                .isEqualTo(new MappingReply.Refused(2, "Not Authorized/Refused"));
        assertThat(NatPmpMessages.decode(GatewayAnswers.natPmpMap(4, 1, 0, 0)))
                .isEqualTo(new MappingReply.Refused(4, "Out of resources"));
    }

    @Test
    void requestsWrongLengthsAndPcpAreNoGrant() {
        assertThat(NatPmpMessages.decode(NatPmpMessages.mapRequest(1, 1, 1))).as("a request reflected")
                .isInstanceOf(MappingReply.Malformed.class);
        assertThat(NatPmpMessages.decode(new byte[] {0, (byte) 129, 0, 0, 0, 0, 0, 1})).isInstanceOf(MappingReply.Malformed.class);
        assertThat(NatPmpMessages.decode(GatewayAnswers.natPmpMap(0, 1, 0, 60))).as("mapped to port 0")
                .isInstanceOf(MappingReply.Malformed.class);
        assertThat(NatPmpMessages.decode(new byte[] {2, (byte) 0x81, 0, 0})).isEqualTo(new MappingReply.OtherVersion(2));
    }

    @Property
    void anyBytesDecodeToAReplyNeverAnException(@ForAll @Size(max = 64) byte[] data) {
        assertThat(NatPmpMessages.decode(data)).isNotNull();
    }
}
