package org.ptpmesh.conformance.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Capture timestamps (microseconds since 1970) as ISO-8601 UTC text, always with six fraction digits. */
final class CaptureTime {

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private CaptureTime() {
    }

    static String iso(long micros) {
        return ISO_MICROS.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L));
    }
}
