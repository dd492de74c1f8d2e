package org.ptpmesh.identity;

import java.util.Base64;
import java.util.HexFormat;
import org.ptpmesh.noise.NoiseLimits;

/**
 * Public keys as people copy them: base64 of the 32 bytes (44 characters, as WireGuard prints
 * keys), the form ptpmesh prints, or 64 hex digits, the form of key logs and Noise test vectors.
 */
public final class PublicKeys {

    private static final int BASE64_LENGTH = 4 * ((NoiseLimits.DH_LENGTH + 2) / 3);
    private static final int HEX_LENGTH = 2 * NoiseLimits.DH_LENGTH;

    private PublicKeys() {
    }

    /** The 44-character base64 form. */
    public static String format(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * The key {@code text} spells, in either form.
     *
     * @throws IllegalArgumentException saying what is wrong: the length, or a character that is not base64 or hex
     */
    public static byte[] parse(String text) {
        if (text.length() == HEX_LENGTH && text.matches("[0-9a-fA-F]+")) {
            return HexFormat.of().parseHex(text);
        }
        if (text.length() != BASE64_LENGTH) {
            throw new IllegalArgumentException("a public key is " + BASE64_LENGTH + " characters of base64 or " + HEX_LENGTH
                    + " hex digits (" + NoiseLimits.DH_LENGTH + " bytes), got " + text.length() + " characters");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a public key in base64 has only A-Z a-z 0-9 + / and a final =, got '" + text + "'");
        }
        if (key.length != NoiseLimits.DH_LENGTH) {
            throw new IllegalArgumentException("'" + text + "' is " + key.length + " bytes of base64, a public key is "
                    + NoiseLimits.DH_LENGTH);
        }
        return key;
    }
}
