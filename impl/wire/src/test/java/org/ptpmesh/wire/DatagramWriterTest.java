package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatagramWriterTest {

    private final byte[] buf = new byte[Datagram.MAX_SIZE];
    private final DatagramWriter w = new DatagramWriter().wrap(buf, 0);

    /** Fills with CC TLVs of 253 bytes to an exact total length. */
    private static Message ofTotalLength(int total) {
        Message.Builder b = Message.builder();
        int remaining = total - Datagram.MIN_SIZE;
        while (remaining > 0) {
            int tlv = Math.min(255, remaining);
            if (remaining - tlv == 1) {
                tlv--; // never leave a single byte: the smallest TLV is 2
            }
            b.bytes(TlvTypes.CC, new byte[tlv - 2]);
            remaining -= tlv;
        }
        return b.build();
    }

    @Test
    void exactly1400BytesIsAcceptedAnd1401Refused() {
        byte[] max = Codec.encode(ofTotalLength(1400));
        assertThat(max).hasSize(1400);
        assertThat(Codec.decode(max)).isInstanceOf(DecodeResult.Decoded.class);
        assertThatThrownBy(() -> Codec.encode(ofTotalLength(1401)))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.OVERSIZE))
                .hasMessageContaining("1401");
    }

    @Test
    void valueLongerThan253BytesIsRefused() {
        w.putBytes(TlvTypes.CC, new byte[253], 0, 253);
        assertThatThrownBy(() -> w.putBytes(TlvTypes.CC, new byte[254], 0, 254))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.BAD_LENGTH));
    }

    @Test
    void widthsAndRanges() {
        assertThatThrownBy(() -> w.putUint(TlvTypes.SEQUENCE, 1, 3))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.BAD_WIDTH));
        assertThatThrownBy(() -> w.putUint(TlvTypes.SEQUENCE, 256, 1))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.OUT_OF_RANGE));
        assertThatThrownBy(() -> w.putUint(TlvTypes.SEQUENCE, -1, 4))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.OUT_OF_RANGE));
        assertThatThrownBy(() -> w.putInt(TlvTypes.CLOCKOFFSET, 128, 1))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.OUT_OF_RANGE));
        w.putUint(TlvTypes.SEQUENCE, 255, 1).putUint(TlvTypes.SEQUENCE, 65535, 2).putUint(TlvTypes.SEQUENCE, 0xFFFFFFFFL, 4)
                .putUint(TlvTypes.SEQUENCE, -1L, 8).putInt(TlvTypes.CLOCKOFFSET, -128, 1);
        assertThat(w.position()).isEqualTo(1 + 3 + 4 + 6 + 10 + 3);
    }

    @Test
    void wrongKindForARegisteredTypeIsRefused() {
        assertThatThrownBy(() -> w.putUint(TlvTypes.YOURADDR, 1, 4))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.WRONG_KIND))
                .hasMessageContaining("YOURADDR is registered as address");
        assertThatThrownBy(() -> w.putBytes(TlvTypes.UUID, new byte[15], 0, 15))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.BAD_LENGTH));
        assertThatThrownBy(() -> w.putJson(TlvTypes.META, "{nope"))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.INVALID_VALUE));
    }

    @Test
    void aRefusedPutLeavesTheDatagramAsItWas() {
        w.putUint(TlvTypes.SEQUENCE, 7, 4);
        int before = w.position();
        assertThatThrownBy(() -> w.putUint(TlvTypes.SEQUENCE, 1, 3)).isInstanceOf(EncodeException.class);
        assertThat(w.position()).isEqualTo(before);
        int len = w.finish();
        assertThat(Codec.decode(buf, 0, len)).isInstanceOf(DecodeResult.Decoded.class);
    }

    @Test
    void anUnpairedSurrogateIsRefusedNotWrittenAsAQuestionMark() {
        // String.getBytes(UTF_8) would silently write '?' for half a surrogate pair
        assertThatThrownBy(() -> w.putText(TlvTypes.OBJNAME, "a\ud800b"))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.INVALID_VALUE))
                .hasMessageContaining("OBJNAME").hasMessageContaining("U+D800 at character 1");
        assertThatThrownBy(() -> w.putText(TlvTypes.ERRTEXT, "\udc00"))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.INVALID_VALUE))
                .hasMessageContaining("U+DC00 at character 0");
        assertThatThrownBy(() -> w.putJson(TlvTypes.META, "[\"\ud83d\"]"))
                .isInstanceOfSatisfying(EncodeException.class, e -> assertThat(e.code()).isEqualTo(EncodeErrorCode.INVALID_VALUE))
                .hasMessageContaining("META");
        assertThat(w.position()).isEqualTo(1);
        // a whole pair is one code point, four bytes of UTF-8
        w.putText(TlvTypes.OBJNAME, "\ud83d\ude00");
        assertThat(w.position()).isEqualTo(1 + 2 + 4);
    }
}
