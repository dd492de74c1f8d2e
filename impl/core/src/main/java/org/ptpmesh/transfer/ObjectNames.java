package org.ptpmesh.transfer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import org.ptpmesh.trace.Printable;

/**
 * The names an object may have (docs/transfer.md, "Names"): a receiver stores NAME as a file of
 * its directory and people read it in listings and on terminals, so a name is a plain file name
 * that shows what it is:
 *
 * <ul>
 *   <li>1 to {@link TransferDefaults#MAX_NAME_BYTES} bytes of UTF-8, in Unicode NFC (one spelling
 *       per name, so two names that look alike are one file);</li>
 *   <li>no leading dot (no {@code .}, {@code ..}, hidden file, or a receiver's own
 *       {@code .NAME.part} and {@code .NAME.journal});</li>
 *   <li>no path separator ({@code /}, {@code \}, {@code :}), nor a character drawn as one;</li>
 *   <li>no control character (C0, DEL, C1), no invisible formatting character (the bidirectional
 *       overrides, embeddings, isolates and marks among them), no line or paragraph separator, no
 *       unpaired surrogate: the characters {@link Printable} escapes.</li>
 * </ul>
 */
public final class ObjectNames {

    /** Characters drawn as a slash or a backslash: a name holding one reads as a path it is not. */
    private static final String LOOKALIKE_SEPARATORS = "\u2044\u2215\u2216\u2571\u2572\u29F5\u29F8\u29F9\uFE68\uFF0F\uFF3C";

    private ObjectNames() {
    }

    /**
     * Why {@code name} is not a safe object name, or null when it is one. The reason names the
     * offending character by its code point, never the character itself, so it can be printed and
     * sent back (ERRTEXT) as it is.
     */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > TransferDefaults.MAX_NAME_BYTES) {
            return "is " + bytes + " bytes long, over " + TransferDefaults.MAX_NAME_BYTES;
        }
        if (name.charAt(0) == '.') {
            return "starts with a dot";
        }
        boolean ascii = true;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            String why = problem(c);
            if (why != null) {
                return "has " + codePoint(c) + ", " + why;
            }
            ascii &= c < 0x80;
            i += Character.charCount(c);
        }
        // ASCII is in NFC as it is; the check is most of the cost of a longer name
        if (!ascii && !Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return "is not in Unicode NFC";
        }
        return null;
    }

    private static String problem(int c) {
        if (c == '/' || c == '\\' || c == ':') {
            return "a path separator";
        }
        if (LOOKALIKE_SEPARATORS.indexOf(c) >= 0) {
            return "drawn as a path separator";
        }
        if (Character.getType(c) == Character.CONTROL) {
            return "a control character";
        }
        if (Character.getType(c) == Character.FORMAT) {
            return "an invisible formatting character";
        }
        return Printable.mustEscape(c) ? "not printable" : null;
    }

    /** {@code U+202E}: a code point as the Unicode standard writes it. */
    static String codePoint(int c) {
        return String.format("U+%04X", c);
    }
}
