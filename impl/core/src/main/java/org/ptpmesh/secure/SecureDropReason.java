package org.ptpmesh.secure;

import org.ptpmesh.node.DropReason;

/** Why a {@link SecureNode} refused a datagram of the session layer (docs/protocol.md 6.9, docs/security.md). */
public enum SecureDropReason implements DropReason {
    /** A HANDSHAKE_INIT smaller than the answer it asks for: answering would amplify. */
    HANDSHAKE_TOO_SMALL("handshake_too_small"),
    /** A handshake whose UUID is not the id of the key it revealed, or a SEALED whose UUID is not its session peer's. */
    ID_NOT_OF_KEY("id_not_of_key"),
    /** A handshake that would make a session past the limit, every session being live. */
    SESSION_LIMIT("session_limit"),
    /** A SEALED datagram whose tag does not verify: altered, forged, or sealed under other keys. */
    SEAL_OPEN_FAILED("seal_open_failed"),
    /** A SEALED datagram whose counter was taken already or is too old for the window. */
    REPLAYED("replayed"),
    /** A SEALED datagram for no session this node has (forgotten, or never made). */
    UNKNOWN_SESSION("unknown_session"),
    /** A handshake message Noise refused: damaged, forged, or of keys other than expected. */
    HANDSHAKE_FAILED("handshake_failed"),
    /** A HANDSHAKE_INIT with a PATTERN no node speaks. */
    UNKNOWN_PATTERN("unknown_pattern"),
    /** A HANDSHAKE_RESP or HANDSHAKE_FINISH for no handshake under way with its sender. */
    UNEXPECTED_HANDSHAKE("unexpected_handshake"),
    /** An XX handshake revealed an introducer key the trust store refused: the attempt ends. */
    KEY_REFUSED("key_refused"),
    /** An inner datagram for an endpoint still in a handshake, past the queue's limit. */
    QUEUE_FULL("queue_full"),
    /** No answer to the last HANDSHAKE_INIT of an attempt: the attempt ended. */
    HANDSHAKE_GAVE_UP("handshake_gave_up"),
    /** An inner datagram queued for a handshake that ended without a session. */
    NOT_SENT("not_sent"),
    /** An inner datagram too large to seal (docs/protocol.md 6.9: 1,332 bytes at most). */
    TOO_LARGE_TO_SEAL("too_large_to_seal"),
    /** An inner datagram for a session that sealed 2^64 - 1 already: no counter is left to seal it under. */
    SESSION_SPENT("session_spent"),
    /** A SEALED datagram from another local port or endpoint than its session's handshake: replayed or redirected. */
    NOT_SESSION_ROUTE("not_session_route"),
    /** A HANDSHAKE_INIT naming a connect attempt no introducer told this node of. */
    NOT_INTRODUCED("not_introduced"),
    /** A HANDSHAKE_INIT of an attempt whose key or id is not the one the attempt's INTRO named (or not IK). */
    NOT_INTRODUCED_KEY("not_introduced_key"),
    /** A HANDSHAKE_INIT of an attempt from an IP its INTRO did not give the peer. */
    NOT_INTRODUCED_ADDRESS("not_introduced_address"),
    /** A punch toward a new endpoint while {@link SecureNode#MAX_PUNCH_HANDSHAKES} punch handshakes run. */
    PUNCH_HANDSHAKE_LIMIT("punch_handshake_limit"),
    /**
     * A RELAYED from a keyed peer (its INTRO named a key) whose payload is not a datagram of their
     * relayed session (plain, or a HANDSHAKE_FINISH): the relay may have written it.
     */
    RELAYED_NOT_SEALED("relayed_not_sealed"),
    /** A RELAYED with a plain payload from an id no INTRO sealed to this node named: no one can tell whose it is. */
    RELAYED_NOT_INTRODUCED("relayed_not_introduced"),
    /** A RELAY of the inner node to an id no INTRO sealed to this node named: whether to seal it, and under which key, is unknown. */
    RELAY_TARGET_NOT_INTRODUCED("relay_target_not_introduced"),
    /**
     * An INTRO whose PEERKEY is not the key of its TARGET's id: taken, it would have this node
     * take the datagrams of that key (in a relayed session, the relay's own) as the target's.
     */
    PEERKEY_NOT_OF_TARGET("peerkey_not_of_target");

    private final String label;

    SecureDropReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
