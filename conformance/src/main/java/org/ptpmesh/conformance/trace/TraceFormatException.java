package org.ptpmesh.conformance.trace;

/** A trace file that cannot be read as NDJSON trace events; the message says where and why. */
public final class TraceFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }
}
