package org.ptpmesh.cli;

/**
 * Limits on the lines the command-line tools read, so that no input, however long its lines,
 * costs more memory than one line at its limit. Each is in bytes of the line, without its end.
 */
public final class InputDefaults {

    /**
     * A line of {@code wire decode} input: 16 KiB. The largest datagram (1400 bytes) is 2800 hex
     * digits, 4200 with a space between bytes; the rest leaves room for comments.
     */
    public static final int HEX_LINE_MAX_BYTES = 16 * 1024;

    /**
     * A line of {@code wire encode} input: 64 KiB. The JSON form of a 1400-byte datagram is at
     * most about 40 KB (699 empty TLVs, each printed with its type, name and kind).
     */
    public static final int JSON_LINE_MAX_BYTES = 64 * 1024;

    /** A line of a {@code ptpconform trace} file, one trace event: 1 MiB, far above any event's few hundred bytes. */
    public static final int TRACE_LINE_MAX_BYTES = 1024 * 1024;

    private InputDefaults() {
    }
}
