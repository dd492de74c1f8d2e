package org.ptpmesh.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * Durations on the command line and in config files: {@code 500ms}, {@code 7s}, {@code 2m},
 * {@code 6h}, {@code 30d}, or plain milliseconds.
 */
public final class MillisConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        long factor = 1;
        if (v.endsWith("ms")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            factor = 1_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factor = 60_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            factor = 3_600_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("d")) {
            factor = 86_400_000;
            v = v.substring(0, v.length() - 1);
        }
        try {
            double amount = Double.parseDouble(v.trim());
            if (amount < 0 || Double.isNaN(amount)) {
                throw new IllegalArgumentException("a duration cannot be negative: '" + value + "'");
            }
            return Math.round(amount * factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + value + "' (examples: 500ms, 7s, 2m, 6h, 30d)");
        }
    }
}
