package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void rfc1071WorkedExample() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 0xddf2; the checksum is its complement.
        byte[] data = RawDatagrams.hex("0001f203f4f5f6f7");
        assertThat(Checksum.compute(data, 0, data.length)).isEqualTo(0xFFFF - 0xddf2);
    }

    @Test
    void oddLastBytePaddedWithZeroOnTheRight() {
        byte[] odd = RawDatagrams.hex("0102ab");
        byte[] padded = RawDatagrams.hex("0102ab00");
        assertThat(Checksum.compute(odd, 0, 3)).isEqualTo(Checksum.compute(padded, 0, 4)).isEqualTo(~(0x0102 + 0xab00) & 0xFFFF);
    }

    @Test
    void carriesWrapAround() {
        byte[] data = RawDatagrams.hex("ffffffff0001");
        // ffff + ffff = 1fffe -> fffe + 1 = ffff; + 0001 = 10000 -> 0001; complement fffe
        assertThat(Checksum.compute(data, 0, data.length)).isEqualTo(0xfffe);
    }

    @Test
    void honoursOffset() {
        byte[] data = RawDatagrams.hex("ee0001f203f4f5f6f7ee");
        assertThat(Checksum.compute(data, 1, 8)).isEqualTo(0xFFFF - 0xddf2);
    }

    @Property(tries = 2000)
    void appendingTheChecksumAtAnEvenOffsetSumsToAllOnes(@ForAll @Size(max = 300) byte[] data) {
        byte[] even = java.util.Arrays.copyOf(data, data.length + (data.length % 2) + 2);
        int sum = Checksum.compute(even, 0, even.length - 2);
        even[even.length - 2] = (byte) (sum >>> 8);
        even[even.length - 1] = (byte) sum;
        // RFC 1071 section 1: verifying sums data and checksum together; the result complements to 0.
        assertThat(Checksum.compute(even, 0, even.length)).isEqualTo(0);
    }

    @Property(tries = 5000)
    void equalsTheWordByWordDefinitionAtAnyOffset(@ForAll @Size(max = 1400) byte[] data, @ForAll @net.jqwik.api.constraints.IntRange(max = 7) int skip) {
        int off = Math.min(skip, data.length);
        assertThat(Checksum.compute(data, off, data.length - off)).isEqualTo(wordByWord(data, off, data.length - off));
    }

    /** RFC 1071 taken literally: 16-bit words, end-around carry after every addition. */
    private static int wordByWord(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            int word = (b[off + i] & 0xFF) << 8 | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
            sum += word;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
