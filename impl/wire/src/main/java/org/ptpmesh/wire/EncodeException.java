package org.ptpmesh.wire;

/** Thrown by the encoder when a datagram cannot be built as asked; nothing is sent. */
public final class EncodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final EncodeErrorCode code;

    public EncodeException(EncodeErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public EncodeErrorCode code() {
        return code;
    }
}
