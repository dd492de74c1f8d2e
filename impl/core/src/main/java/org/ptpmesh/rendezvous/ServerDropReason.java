package org.ptpmesh.rendezvous;

import org.ptpmesh.node.DropReason;

/**
 * Why a well-formed datagram was not acted on. Malformed datagrams are counted by their
 * {@link org.ptpmesh.wire.DecodeErrorCode} instead; both show in {@code ptpserver stats}.
 */
public enum ServerDropReason implements DropReason {
    /** The source sent more than its rate allows. */
    RATE_LIMITED("rate_limited"),
    /** The message breaks its kind's rules (docs/protocol.md section 7, rule 4). */
    RULE_VIOLATION("rule_violation"),
    /** No MSGKIND and no ptptest shape, or a kind this server does not serve. */
    UNEXPECTED_KIND("unexpected_kind"),
    /** A new client while the registry is at its bound. */
    REGISTRY_FULL("registry_full"),
    /**
     * An echo or shutdown from an address that is not a registered client (for an echo: nor one
     * carrying the cookie its address was challenged with).
     */
    NOT_REGISTERED("not_registered"),
    /** A SHUTDOWN naming a client from another address than the client's. */
    SPOOFED_SHUTDOWN("spoofed_shutdown"),
    /** An echo whose timestamp is from the future or unreadable. */
    BAD_TIMESTAMP("bad_timestamp"),
    /** Entries a ptptest 2014 client could not be sent: its list holds one datagram. */
    LIST_ENTRIES_OMITTED("list_entries_omitted"),
    /**
     * A REGISTER (or the echo of its cookie) naming a client that was heard from its own address
     * within the move delay: refused, so no one else takes over a live client's registration.
     */
    LIVE_ELSEWHERE("live_elsewhere"),
    /**
     * A REGISTER smaller than its answer (the challenge, or the ECHO of a registered client):
     * not answered, so that no answer to a forged source is larger than what it sent.
     */
    ANSWER_TOO_LARGE("answer_too_large"),
    /**
     * A REGISTER's MAPPEDADDR on another IP than the one the REGISTER came from: a port mapping
     * lives on the sender's own public address, so this one could only have the server list a
     * stranger's address for the other clients to probe. The registration is served; the client
     * is listed where its datagrams come from.
     */
    MAPPED_ELSEWHERE("mapped_elsewhere");

    private final String label;

    ServerDropReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
