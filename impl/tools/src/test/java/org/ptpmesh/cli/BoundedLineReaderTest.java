package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Lines end where {@link BufferedReader#readLine} ends them, however the input arrives; a line
 * over the limit is reported with its length and costs no more than the limit; text that is not
 * UTF-8 is located, not repaired.
 */
class BoundedLineReaderTest {

    @Property(tries = 2000)
    void linesAreThoseOfReadLineAndLongOnesAreCountedNotKept(@ForAll("text") byte[] input,
                                                             @ForAll @IntRange(min = 0, max = 12) int limit,
                                                             @ForAll @IntRange(min = 1, max = 7) int chunk) throws IOException {
        BufferedReader reference = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.ISO_8859_1));
        BoundedLineReader reader = new BoundedLineReader(trickle(input, chunk), limit);
        String expected;
        int number = 0;
        while ((expected = reference.readLine()) != null) {
            BoundedLineReader.Line line = reader.next();
            number++;
            assertThat(line.number()).isEqualTo(number);
            assertThat(line.length()).isEqualTo(expected.length());
            if (expected.length() > limit) {
                assertThat(line.tooLong()).isTrue();
            } else {
                assertThat(new String(line.bytes(), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
            }
        }
        assertThat(reader.next()).isNull();
    }

    @Provide
    Arbitrary<byte[]> text() {
        return Arbitraries.of((byte) 'a', (byte) 'b', (byte) '\n', (byte) '\r', (byte) 0xC3).array(byte[].class).ofMaxSize(40);
    }

    /** Delivers at most {@code chunk} bytes a read, so a CR LF can straddle two reads. */
    private static InputStream trickle(byte[] input, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(input)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Example
    void notUtf8IsLocatedAtItsFirstBadByte() throws IOException {
        List<Integer> at = new ArrayList<>();
        for (String hex : new String[] {"616263", "61c3a9", "61c3", "61c0af", "eda080", "f4908080", "6162ff"}) {
            at.add(new BoundedLineReader(new ByteArrayInputStream(HexFormat.of().parseHex(hex)), 100).next().notUtf8At());
        }
        // valid, valid, cut short, overlong '/', a surrogate, above U+10FFFF, a byte no UTF-8 has
        assertThat(at).containsExactly(-1, -1, 1, 1, 0, 0, 2);
        BoundedLineReader.Line line = new BoundedLineReader(new ByteArrayInputStream(new byte[] {'a', (byte) 0xFF}), 100).next();
        assertThat(line.problem()).isEqualTo("not UTF-8 text: byte 0xff at byte 1");
        assertThat(line.text()).isEqualTo("a\uFFFD");
    }
}
