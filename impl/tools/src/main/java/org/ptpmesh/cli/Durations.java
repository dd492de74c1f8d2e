package org.ptpmesh.cli;

import java.util.Locale;

/** Parses durations given on the command line: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, or plain milliseconds. */
final class Durations {

    private Durations() {
    }

    static long parseMillis(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = s;
        if (s.endsWith("ms")) {
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unit = 1_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unit = 3_600_000;
            digits = s.substring(0, s.length() - 1);
        }
        try {
            long value = Long.parseLong(digits);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(value, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 500ms, 30s, 10m, 1h");
        }
    }
}
