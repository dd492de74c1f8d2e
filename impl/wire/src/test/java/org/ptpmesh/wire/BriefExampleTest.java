package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The 48-byte worked example of the design brief, byte for byte, both directions. */
class BriefExampleTest {

    static final String HEX = "01" + "0103" + "02" + "0306" + "00000007" + "0412" + "000102030405060708090a0b0c0d0e0f"
            + "090a" + "53a4c0de80000000" + "4208" + "c0a8010a" + "9c40" + "7f14";

    static final byte[] UUID = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void encodesTheExampleByteForByte() {
        Message m = Message.builder()
                .uint(TlvTypes.SERVERVER, 2, 1)
                .uint(TlvTypes.SEQUENCE, 7, 4)
                .bytes(TlvTypes.UUID, UUID)
                .uint(TlvTypes.YOURTS, 0x53a4c0de80000000L, 8)
                .address(TlvTypes.YOURADDR, Endpoint.of("192.168.1.10", 40000))
                .build();
        byte[] bytes = Codec.encode(m);
        assertThat(bytes).hasSize(48);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(HEX);
    }

    @Test
    void decodesTheExampleFieldByField() {
        DecodeResult r = Codec.decode(HexFormat.of().parseHex(HEX));
        assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        Message m = ((DecodeResult.Decoded) r).message();
        assertThat(m.tlvs()).containsExactly(
                new Tlv.UintTlv(TlvTypes.SERVERVER, 2, 1),
                new Tlv.UintTlv(TlvTypes.SEQUENCE, 7, 4),
                new Tlv.BytesTlv(TlvTypes.UUID, UUID),
                new Tlv.UintTlv(TlvTypes.YOURTS, 0x53a4c0de80000000L, 8),
                new Tlv.AddressTlv(TlvTypes.YOURADDR, Endpoint.of("192.168.1.10", 40000)));
        assertThat(m.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(Violations.of(m)).isEmpty();
    }

    @Test
    void theTimestampIsThirtyTwoDotThirtyTwoFixedPoint() {
        // 0x53a4c0de = 1403306206 s (2014-06-20T23:16:46Z), fraction 0x80000000 = half a second
        assertThat(Timestamps.toMillis(0x53a4c0de80000000L)).isEqualTo(1403306206500L);
        assertThat(Timestamps.fromMillis(1403306206500L)).isEqualTo(0x53a4c0de80000000L);
    }
}
