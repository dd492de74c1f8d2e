package org.ptpmesh.peer;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/** The introducer design's PeerIdentity: a 16-byte peer id and where the peer listens. */
public record PeerIdentity(byte[] id, Endpoint endpoint) {

    public PeerIdentity {
        if (id.length != TlvTypes.PEER_ID_LENGTH) {
            throw new IllegalArgumentException("a peer id is " + TlvTypes.PEER_ID_LENGTH + " bytes, got " + id.length);
        }
        id = id.clone();
        Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    public PeerId peerId() {
        return PeerId.of(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerIdentity p && Arrays.equals(p.id, id) && p.endpoint.equals(endpoint);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(id) + endpoint.hashCode();
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(id) + "@" + endpoint;
    }
}
