package org.ptpmesh.wire;

/**
 * The value lengths a TLV type allows. Integers take their width from the length, so only the
 * four widths are legal; addresses are 6 or 18 bytes; other kinds have a range.
 */
public record LengthRule(int min, int max, boolean integerWidths, boolean addressLengths) {

    public static final LengthRule INTEGER = new LengthRule(1, 8, true, false);
    public static final LengthRule ADDRESS = new LengthRule(6, 18, false, true);

    public static LengthRule exactly(int n) {
        return new LengthRule(n, n, false, false);
    }

    public static LengthRule between(int min, int max) {
        return new LengthRule(min, max, false, false);
    }

    public boolean allows(int length) {
        if (integerWidths) {
            return length == 1 || length == 2 || length == 4 || length == 8;
        }
        if (addressLengths) {
            return length == 6 || length == 18;
        }
        return length >= min && length <= max;
    }

    @Override
    public String toString() {
        if (integerWidths) {
            return "1, 2, 4 or 8";
        }
        if (addressLengths) {
            return "6 (IPv4) or 18 (IPv6)";
        }
        return min == max ? Integer.toString(min) : min + "-" + max;
    }
}
