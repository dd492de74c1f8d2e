package org.ptpmesh.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of bytes, ended by LF, CR or CR LF as {@link java.io.BufferedReader#readLine}
 * ends them, holding at most {@code maxBytes} of a line: the rest of a longer line is counted
 * and dropped, so a line of any length costs no more memory than one at the limit. Bytes stay
 * bytes until the caller asks for text, so a line that is not UTF-8 can be reported with where
 * it stops being UTF-8, not silently repaired.
 */
public final class BoundedLineReader {

    /** One line: its number from 1, its length, and its bytes unless it was longer than {@code maxBytes}. */
    public record Line(int number, long length, byte[] bytes, int maxBytes) {

        public boolean tooLong() {
            return bytes == null;
        }

        /** Offset of the first byte that is not UTF-8 (RFC 3629: no overlongs, no surrogates), or -1. */
        public int notUtf8At() {
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            CoderResult result = strict.decode(in, CharBuffer.allocate(bytes.length), true);
            return result.isError() ? in.position() : -1;
        }

        /** The line as UTF-8 text, each byte that is not UTF-8 replaced by U+FFFD. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** What is wrong with the line as UTF-8 text within the limit, or null: for "error: ..." messages. */
        public String problem() {
            if (tooLong()) {
                return length + " bytes; a line holds at most " + maxBytes;
            }
            int bad = notUtf8At();
            return bad < 0 ? null : String.format("not UTF-8 text: byte 0x%02x at byte %d", bytes[bad] & 0xFF, bad);
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int end;
    private int number;
    /** The last line ended with CR: an LF right after it belongs to that line's end. */
    private boolean crEnded;

    public BoundedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end of the input. */
    public Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long length = 0;
        boolean started = false;
        while (true) {
            if (pos == end && !fill()) {
                if (!started) {
                    return null;
                }
                break;
            }
            if (crEnded) {
                crEnded = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            started = true;
            int stop = pos;
            while (stop < end && buffer[stop] != '\n' && buffer[stop] != '\r') {
                stop++;
            }
            int n = stop - pos;
            if (length + n <= maxBytes) {
                line.write(buffer, pos, n);
            }
            length += n;
            pos = stop;
            if (stop < end) {
                crEnded = buffer[pos++] == '\r';
                break;
            }
        }
        number++;
        return new Line(number, length, length > maxBytes ? null : line.toByteArray(), maxBytes);
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }
}
