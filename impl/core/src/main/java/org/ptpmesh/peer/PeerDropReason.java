package org.ptpmesh.peer;

import org.ptpmesh.node.DropReason;

/** Why a peer refused a well-formed datagram (docs/protocol.md section 7, rule 5, and docs/peer.md). */
public enum PeerDropReason implements DropReason {
    /** A PONG not from an introducer, or not on the local port the NAT check pings from. */
    UNEXPECTED_PONG("unexpected_pong"),
    /** A TEST not on the test port, or not from an introducer's host. */
    UNEXPECTED_TEST("unexpected_test"),
    /** A datagram carrying this peer's own id: a reflection or a loop. */
    OWN_ID("own_id"),
    /** A RELAY_ERROR: the introducer refused to relay for us. */
    RELAY_REFUSED("relay_refused"),
    /** A kind a peer never acts on (a client-server message, an introducer's request). */
    UNEXPECTED_KIND("unexpected_kind"),
    /** An introducer's message (INTRO, RELAYED, ...) from somewhere else than an introducer. */
    NOT_FROM_INTRODUCER("not_from_introducer"),
    /** A PING from a peer no introduction or path made known. */
    PING_FROM_STRANGER("ping_from_stranger"),
    /** A RELAYED whose inner sender is not the peer the introducer says it is from. */
    RELAYED_ID_MISMATCH("relayed_id_mismatch"),
    /** A RELAYED whose inner message is not one a relay may carry. */
    RELAYED_UNEXPECTED_KIND("relayed_unexpected_kind"),
    /** A KEEPALIVE from no known peer, or off the peer's direct path. */
    KEEPALIVE_OFF_PATH("keepalive_off_path"),
    /** A KEEPALIVE_ACK from no known peer, or off the peer's direct path. */
    KEEPALIVE_ACK_OFF_PATH("keepalive_ack_off_path"),
    /** An INTRO naming this peer as the other side. */
    INTRO_FOR_SELF("intro_for_self"),
    /** An INTRO for an attempt already started. */
    DUPLICATE_INTRO("duplicate_intro"),
    /** An INTRO older than the attempt in progress (both sides asked at once). */
    STALE_INTRO("stale_intro"),
    /** An INTRO across IP families while this family's attempt with the same peer (a dual-stack one) is open. */
    OTHER_FAMILY_INTRO("other_family_intro"),
    /** An INTRO naming an introducer as the other side. */
    INTRO_FOR_INTRODUCER("intro_for_introducer"),
    /** An INTRO_ERROR for an introduction nobody asked for. */
    UNEXPECTED_INTRO_ERROR("unexpected_intro_error"),
    /** A PUNCH from an endpoint no INTRO vouched for. */
    PUNCH_UNVOUCHED("punch_unvouched"),
    /** A PUNCH_ACK from an endpoint no INTRO vouched for. */
    PUNCH_ACK_UNVOUCHED("punch_ack_unvouched"),
    /** Application DATA from no known peer, or off the peer's direct path. */
    DATA_OFF_PATH("data_off_path"),
    /** A DATA_ACK for no channel, or off the peer's direct path. */
    ACK_OFF_PATH("ack_off_path"),
    /**
     * A PUNCH, PUNCH_ACK, KEEPALIVE, KEEPALIVE_ACK, DATA or DATA_ACK from a peer whose INTRO named a
     * key, plain or sealed under another key (relayed: not opened in their relayed session): it
     * confirms no path and carries nothing.
     */
    NOT_SEALED_BY_PEER_KEY("not_sealed_by_peer_key");

    private final String label;

    PeerDropReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
