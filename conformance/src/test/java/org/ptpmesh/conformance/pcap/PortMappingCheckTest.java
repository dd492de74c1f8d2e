package org.ptpmesh.conformance.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.portmap.NatPmpMessages;
import org.ptpmesh.portmap.PcpMessages;
import org.ptpmesh.wire.Endpoint;

/** PCP and NAT-PMP as a peer and its gateway send them, and each RFC field rule broken once. */
class PortMappingCheckTest {

    private static final byte[] NONCE = new byte[12];

    @TempDir
    Path dir;

    private static List<String> codes(byte[] datagram, boolean request) {
        return PortMappingCheck.check(datagram, request).violations().stream().map(Finding::code).toList();
    }

    private static byte[] pcpRequest() throws Exception {
        return PcpMessages.mapRequest(InetAddress.getByName("10.1.0.10"), NONCE, 3456, 3456, 7200);
    }

    /** A MAP response as miniupnpd wrote it in the lab. */
    private static byte[] pcpResponse(int result) {
        return ByteBuffer.allocate(60).put((byte) 2).put((byte) 0x81).put((byte) 0).put((byte) result).putInt(7200).putInt(5)
                .put(new byte[12]).put(NONCE).put((byte) 17).put(new byte[3]).putShort((short) 3456).putShort((short) 3456)
                .put(new byte[10]).put((byte) -1).put((byte) -1).put(new byte[] {100, (byte) 128, 0, 2}).array();
    }

    @Test
    void whatAPeerAndItsGatewaySendBreaksNoRule() throws Exception {
        assertThat(PortMappingCheck.check(pcpRequest(), true).kind()).isEqualTo("PCP MAP request");
        assertThat(codes(pcpRequest(), true)).isEmpty();
        assertThat(codes(pcpResponse(0), false)).isEmpty();
        assertThat(codes(pcpResponse(2), false)).as("a refusal is a well-formed answer").isEmpty();
        assertThat(codes(NatPmpMessages.addressRequest(), true)).isEmpty();
        assertThat(codes(NatPmpMessages.mapRequest(3456, 3456, 7200), true)).isEmpty();
        assertThat(codes(new byte[] {0, (byte) 128, 0, 0, 0, 0, 0, 9, 100, (byte) 128, 0, 2}, false)).isEmpty();
        assertThat(codes(new byte[] {0, (byte) 129, 0, 2, 0, 0, 0, 9}, false)).as("a short refusal").isEmpty();
    }

    @Test
    void eachBrokenRuleIsNamed() throws Exception {
        byte[] reserved = pcpRequest();
        reserved[2] = 1;
        assertThat(codes(reserved, true)).containsExactly("pcp_reserved");
        assertThat(codes(java.util.Arrays.copyOf(pcpRequest(), 58), true)).containsExactly("pcp_length");
        assertThat(codes(java.util.Arrays.copyOf(pcpRequest(), 56), true)).containsExactly("pcp_length");
        assertThat(codes(pcpRequest(), false)).containsExactly("pcp_direction");
        assertThat(codes(pcpResponse(14), false)).containsExactly("pcp_result");
        byte[] allPorts = pcpRequest();
        allPorts[40] = 0;
        allPorts[41] = 0;
        assertThat(codes(allPorts, true)).containsExactly("pcp_port");
        assertThat(codes(new byte[] {0, 0, 0}, true)).containsExactly("natpmp_length");
        assertThat(codes(new byte[] {0, 3}, true)).containsExactly("natpmp_opcode");
        byte[] natPmpReserved = NatPmpMessages.mapRequest(3456, 3456, 7200);
        natPmpReserved[3] = 1;
        assertThat(codes(natPmpReserved, true)).containsExactly("natpmp_reserved");
        assertThat(codes(new byte[] {0, (byte) 129, 0, 9, 0, 0, 0, 9}, false)).containsExactly("natpmp_result");
        assertThat(codes(new byte[] {1, 0}, true)).containsExactly("portmap_version");
        assertThat(codes(new byte[] {2}, true)).containsExactly("portmap_truncated");
    }

    @Property
    void anyBytesGiveFindingsNeverAnException(@ForAll @Size(max = 1200) byte[] datagram, @ForAll boolean request) {
        assertThat(PortMappingCheck.check(datagram, request).kind()).isNotNull();
    }

    @Test
    void aCaptureWithAPeersPcpExchangeValidatesClean() throws Exception {
        Endpoint peer = Endpoint.of("10.1.0.10", 3456);
        Endpoint gateway = Endpoint.of("10.1.0.1", 5351);
        List<CapturedDatagram> datagrams = List.of(new CapturedDatagram(1, 1_000, peer, gateway, pcpRequest()),
                new CapturedDatagram(2, 2_000, gateway, peer, pcpResponse(0)));
        CaptureValidation v = new CaptureValidator(ValidationOptions.defaults()).validate(dir.resolve("x.pcap"), datagrams, 0);
        assertThat(v.packets()).extracting(PacketVerdict::kind).containsExactly("PCP MAP request", "PCP MAP response");
        assertThat(v.packets()).allSatisfy(p -> assertThat(p.violations()).isEmpty());
    }
}
