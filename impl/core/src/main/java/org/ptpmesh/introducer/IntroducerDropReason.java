package org.ptpmesh.introducer;

import org.ptpmesh.node.DropReason;

/** Why an introducer refused a well-formed datagram (docs/peer.md, the introducer). */
public enum IntroducerDropReason implements DropReason {
    /** A datagram on the TEST source port, which only sends. */
    WRONG_PORT("wrong_port"),
    /** A kind an introducer does not serve. */
    UNEXPECTED_KIND("unexpected_kind"),
    /** A new peer while the registration table is at its bound. */
    TABLE_FULL("table_full"),
    /** A RELAY from a peer that has not registered (pinged) from that address. */
    RELAY_UNREGISTERED("relay_unregistered"),
    /** A RELAY to a peer the sender was never introduced to. */
    RELAY_NOT_INTRODUCED("relay_not_introduced"),
    /**
     * A RELAY between a keyed and a legacy peer, the introducer not allowing legacy introductions
     * (answered with RELAY_ERROR LEGACY_PEER).
     */
    RELAY_LEGACY_PEER("relay_legacy_peer"),
    /**
     * A RELAY that would loop: to its own sender, to this introducer, or carrying a RELAY or RELAYED
     * (readable only between legacy peers). Not answered.
     */
    RELAY_LOOP("relay_loop"),
    /** A RELAY beyond the sender's quota for the current window. */
    RELAY_QUOTA("relay_quota"),
    /**
     * A PING or INTRO_REQUEST whose answer (a challenge, a PONG, an INTRO_ERROR) would be larger
     * than it, its sender not having just proven its address: not answered, so no answer to a
     * forged source is larger than what it sent.
     */
    ANSWER_TOO_LARGE("answer_too_large"),
    /**
     * A PING's MAPPEDADDR on another IP than the one the PING came from: a port mapping lives on
     * the sender's own public address, so this one could only aim other peers' punches at a
     * stranger. The ping is served; the mapped address is not kept.
     */
    MAPPED_ELSEWHERE("mapped_elsewhere");

    private final String label;

    IntroducerDropReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
