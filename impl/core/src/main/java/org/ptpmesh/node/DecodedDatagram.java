package org.ptpmesh.node;

import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DecodeError;
import org.ptpmesh.wire.TlvTypes;

/**
 * One received datagram, checked and indexed once ({@link DatagramView#wrap}) and then handed to
 * whichever node reads it, so a datagram passing through a composite is decoded once, not once
 * per node that looks at it. Reusable like the view it holds: {@link #decode} rewraps it, so a
 * node must not keep it past the callback that received it. Not thread-safe.
 */
public final class DecodedDatagram {

    private final DatagramView view = new DatagramView();
    private byte[] bytes;
    private DecodeError error;
    private byte[] authenticatedKey;

    /** Checks and indexes {@code data}; returns this, now describing {@code data}. */
    public DecodedDatagram decode(byte[] data) {
        bytes = data;
        error = view.wrap(data, 0, data.length);
        authenticatedKey = null;
        return this;
    }

    /**
     * Marks this datagram as opened from a sealed session whose peer proved {@code staticKey} in
     * its handshake (docs/protocol.md 6.9); returns this. Only the node that opened it says so.
     */
    public DecodedDatagram authenticatedBy(byte[] staticKey) {
        authenticatedKey = staticKey;
        return this;
    }

    /**
     * The static public key of the session this datagram was sealed in, or null for a plain
     * datagram: a legacy node's, or anyone's claiming to be one. Not to be modified.
     */
    public byte[] authenticatedKey() {
        return authenticatedKey;
    }

    /** The datagram as received. */
    public byte[] bytes() {
        return bytes;
    }

    /** The index over {@link #bytes}; read it only when {@link #error} is null. */
    public DatagramView view() {
        return view;
    }

    /** Null when the datagram is well formed, else the first problem found. */
    public DecodeError error() {
        return error;
    }

    /** The MSGKIND of a well-formed datagram, or -1 when it is malformed or has none. */
    public long kindCode() {
        return error == null ? view.uintOf(TlvTypes.MSGKIND, -1) : -1;
    }
}
