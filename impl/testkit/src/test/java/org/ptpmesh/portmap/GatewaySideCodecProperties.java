package org.ptpmesh.portmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The gateway's side of PCP and NAT-PMP against the client's: what the client writes the gateway
 * reads back field for field, what the gateway answers the client decodes as meant, and no byte
 * string makes the gateway's decoders throw.
 */
class GatewaySideCodecProperties {

    private static InetAddress ipv4(int bits) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
    }

    @Property
    void aPcpMapRequestIsReadAsItWasWritten(@ForAll int client, @ForAll @Size(12) byte[] nonce,
            @ForAll @IntRange(max = 65535) int internalPort, @ForAll @IntRange(max = 65535) int suggested,
            @ForAll @LongRange(max = 0xffff_ffffL) long lifetime) throws Exception {
        PcpMessages.MapRequest r = PcpMessages.decodeMapRequest(
                PcpMessages.mapRequest(ipv4(client), nonce, internalPort, suggested, lifetime)).orElseThrow();
        assertThat(r.client()).isEqualTo(ipv4(client));
        assertThat(r.nonce()).isEqualTo(nonce);
        assertThat(r.protocol()).isEqualTo(PcpMessages.PROTOCOL_UDP);
        assertThat(r.internalPort()).isEqualTo(internalPort);
        assertThat(r.suggestedExternalPort()).isEqualTo(suggested);
        assertThat(r.lifetimeSeconds()).isEqualTo(lifetime);
    }

    @Property
    void aPcpGrantIsDecodedByTheClientAsGranted(@ForAll @Size(12) byte[] nonce, @ForAll @IntRange(min = 1, max = 65535) int internalPort,
            @ForAll @IntRange(min = 1, max = 65535) int external, @ForAll @LongRange(max = 0xffff_ffffL) long lifetime,
            @ForAll int address, @ForAll @LongRange(max = 0xffff_ffffL) long epoch) throws Exception {
        PcpMessages.MapRequest request = new PcpMessages.MapRequest(ipv4(1), nonce, PcpMessages.PROTOCOL_UDP, internalPort, 0, 60);
        byte[] answer = PcpMessages.mapResponse(request, PcpMessages.RESULT_SUCCESS, lifetime, epoch, external, ipv4(address));
        assertThat(PcpMessages.decode(answer, nonce)).isEqualTo(new MappingReply.Granted(internalPort, external, lifetime, ipv4(address)));
    }

    @Property
    void aPcpRefusalIsDecodedWithItsResult(@ForAll @Size(12) byte[] nonce, @ForAll @IntRange(min = 1, max = 13) int result)
            throws Exception {
        PcpMessages.MapRequest request = new PcpMessages.MapRequest(ipv4(1), nonce, PcpMessages.PROTOCOL_UDP, 3456, 0, 60);
        MappingReply reply = PcpMessages.decode(PcpMessages.mapResponse(request, result, 0, 0, 0, null), nonce);
        assertThat(reply).isInstanceOfSatisfying(MappingReply.Refused.class, r -> assertThat(r.resultCode()).isEqualTo(result));
    }

    @Property
    void aNatPmpMapRequestIsReadAsItWasWrittenAndItsGrantDecoded(@ForAll @IntRange(min = 1, max = 65535) int internalPort,
            @ForAll @IntRange(max = 65535) int suggested, @ForAll @LongRange(max = 0xffff_ffffL) long lifetime,
            @ForAll @IntRange(min = 1, max = 65535) int external, @ForAll @LongRange(max = 0xffff_ffffL) long epoch) {
        NatPmpMessages.Request r = NatPmpMessages.decodeRequest(NatPmpMessages.mapRequest(internalPort, suggested, lifetime)).orElseThrow();
        assertThat(r).isEqualTo(new NatPmpMessages.Request(NatPmpMessages.OPCODE_MAP_UDP, internalPort, suggested, lifetime));
        assertThat(NatPmpMessages.decode(NatPmpMessages.mapResponse(r, NatPmpMessages.RESULT_SUCCESS, epoch, external, lifetime)))
                .isEqualTo(new MappingReply.Granted(internalPort, external, lifetime, null));
    }

    @Property
    void theNatPmpAddressAnswerCarriesTheAddress(@ForAll int address, @ForAll @LongRange(max = 0xffff_ffffL) long epoch) throws Exception {
        assertThat(NatPmpMessages.decodeRequest(NatPmpMessages.addressRequest()))
                .contains(new NatPmpMessages.Request(NatPmpMessages.OPCODE_ADDRESS, 0, 0, 0));
        assertThat(NatPmpMessages.decode(NatPmpMessages.addressResponse(epoch, ipv4(address))))
                .isEqualTo(new MappingReply.ExternalAddress(ipv4(address)));
    }

    @Property
    void anyBytesAreARequestOrNothingNeverAnException(@ForAll @Size(max = 1200) byte[] data) {
        PcpMessages.decodeMapRequest(data).ifPresent(r -> assertThat(data).hasSizeBetween(60, 1100));
        NatPmpMessages.decodeRequest(data).ifPresent(r -> assertThat(data[0]).isZero());
    }
}
