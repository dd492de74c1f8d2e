package org.ptpmesh.trace;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Text from the network (an object name, above all) made safe for a terminal or a log: a
 * control character (C0, DEL, C1: ESC and CSI start escape sequences that move the cursor,
 * retitle the window or rewrite what was printed), an invisible formatting character (the
 * bidirectional overrides and isolates reorder what follows, so {@code gpj.exe} reads as
 * {@code exe.jpg}), a line or paragraph separator, or an unpaired surrogate is written as its
 * escape {@code \}{@code uXXXX}; a backslash is doubled, so an escape in the output is never a
 * name's own text. Every name ptpmesh prints goes through {@link #escape}, and every JSON it
 * writes (trace files, {@code --json} summaries) through {@link #JSON_ESCAPES}, which writes the
 * same characters as JSON escapes: the JSON still reads back to the very same string.
 */
public final class Printable {

    /** For a JSON generator ({@code JsonFactory.setCharacterEscapes}): the characters {@link #escape} escapes. */
    public static final CharacterEscapes JSON_ESCAPES = new JsonEscapes();

    private Printable() {
    }

    /** Whether {@code codePoint} must not reach a terminal as it is. */
    public static boolean mustEscape(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** {@code text} with every character {@link #mustEscape} says so of escaped, and backslashes doubled. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int n = Character.charCount(c);
            boolean escaped = c == '\\' || mustEscape(c);
            if (escaped && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (c == '\\') {
                out.append("\\\\");
            } else if (escaped) {
                for (int k = i; k < i + n; k++) {
                    out.append(unicodeEscape(text.charAt(k)));
                }
            } else if (out != null) {
                out.appendCodePoint(c);
            }
            i += n;
        }
        return out == null ? text : out.toString();
    }

    private static String unicodeEscape(char c) {
        return String.format("\\u%04X", (int) c);
    }

    /**
     * JSON escapes for the characters above; surrogates are escaped pair by pair (a generator
     * hands them over one at a time), so a supplementary formatting character (the invisible
     * tag characters) is escaped too, and any other one merely spelled as its escapes.
     */
    private static final class JsonEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        JsonEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return mustEscape(ch) ? new SerializedString(unicodeEscape((char) ch)) : null;
        }
    }
}
