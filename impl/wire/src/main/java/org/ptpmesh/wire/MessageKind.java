package org.ptpmesh.wire;

import static org.ptpmesh.wire.TlvTypes.*;

import java.util.Set;

/**
 * The message kinds and the TLVs each must and may carry (docs/protocol.md, "Messages").
 * ptptest 2014 messages carry no MSGKIND; their kind is inferred from the TLVs present
 * ({@link #infer}). Every kind added by ptpmesh is sent with an explicit MSGKIND.
 */
public enum MessageKind {
    // ptptest 2014 kinds: code 0 means "never sent as MSGKIND by ptptest, inferred".
    // MAPPEDADDR: only in the full form, which ptptest 2014 never receives (docs/protocol.md 6.1)
    REGISTER(1, "client->server", Set.of(CLIENTVER, SEQUENCE, UUID, PTPADDR, MYTS),
            Set.of(MSGKIND, INTADDR, UPNP, META, METAB, NAT, RESTART, TESTPORT, MAPPEDADDR), Set.of()),
    LIST(2, "server->client", Set.of(SERVERVER, SEQUENCE, UUID, MYTS, YOURADDR, CLIENTLEN),
            Set.of(MSGKIND, CLIENTLIST_EXT, CLIENTLIST_INT, CLIENTLIST_ID, CLIENTLIST_NAT, CLIENTLIST_KEYED, LISTID, PAGE,
                    PAGECOUNT),
            Set.of(CLIENTLIST_EXT, CLIENTLIST_INT, CLIENTLIST_ID, CLIENTLIST_NAT, CLIENTLIST_KEYED)),
    // a server's ECHO to an address it has not validated carries a cookie in MYTS (docs/protocol.md 6.1)
    ECHO(3, "any", Set.of(SEQUENCE, UUID, YOURTS),
            Set.of(MSGKIND, SERVERVER, CLIENTVER, YOURADDR, CLOCKOFFSET, MYTS), Set.of()),
    PROBE(4, "client->client", Set.of(CLIENTVER, SEQUENCE, UUID, MYTS), Set.of(MSGKIND), Set.of()),
    // ptptest 2014 says goodbye with its registration's TLVs, SHUTDOWN in place of MYTS: its UUID,
    // PTPADDR and the META its client appends to every server beacon (client.py _server_beacons)
    SHUTDOWN(5, "client->server", Set.of(TlvTypes.SHUTDOWN, UUID),
            Set.of(MSGKIND, CLIENTVER, SEQUENCE, PTPADDR, META, METAB), Set.of()),
    // The introducer design's NAT traversal
    // YOURTS: the cookie of an introducer's PONG, echoed to prove the address (docs/protocol.md 6.3)
    // UPNP and MAPPEDADDR: the port the sender's gateway forwards to it (docs/peer.md, "Port mapping")
    PING(16, "peer->introducer, peer->peer", Set.of(MSGKIND, UUID, NAT),
            Set.of(RESTART, MYTS, YOURTS, TESTPORT, PTPADDR, SEQUENCE, UPNP, MAPPEDADDR), Set.of()),
    PONG(17, "introducer->peer, peer->peer", Set.of(MSGKIND, UUID, YOURADDR, NAT),
            Set.of(RESTART, MYTS, YOURTS, SEQUENCE, CLOCKOFFSET), Set.of()),
    TEST(18, "introducer->peer test port", Set.of(MSGKIND, UUID, YOURADDR), Set.of(NAT), Set.of()),
    INTRO_REQUEST(19, "peer->introducer", Set.of(MSGKIND, UUID, TARGET), Set.of(NAT, SEQUENCE), Set.of()),
    INTRO(20, "introducer->peer", Set.of(MSGKIND, UUID, TARGET, PEERADDR, PEERNAT, ATTEMPT),
            Set.of(PEERLANADDR, RESTART, PEERKEY), Set.of()),
    INTRO_ERROR(21, "introducer->peer", Set.of(MSGKIND, UUID, TARGET, ERRCODE), Set.of(ERRTEXT), Set.of()),
    PUNCH(22, "peer->peer", Set.of(MSGKIND, UUID, ATTEMPT), Set.of(PROBENUM, TARGET), Set.of()),
    PUNCH_ACK(23, "peer->peer", Set.of(MSGKIND, UUID, ATTEMPT), Set.of(PROBENUM, YOURADDR), Set.of()),
    KEEPALIVE(24, "peer->peer", Set.of(MSGKIND, UUID), Set.of(MYTS, SEQUENCE), Set.of()),
    KEEPALIVE_ACK(25, "peer->peer", Set.of(MSGKIND, UUID), Set.of(YOURTS, SEQUENCE), Set.of()),
    // Relay
    RELAY(26, "peer->introducer", Set.of(MSGKIND, UUID, TARGET, PAYLOAD), Set.of(), Set.of(PAYLOAD)),
    RELAYED(27, "introducer->peer", Set.of(MSGKIND, UUID, FROMID, PAYLOAD), Set.of(), Set.of(PAYLOAD)),
    RELAY_ERROR(28, "introducer->peer", Set.of(MSGKIND, UUID, TARGET, ERRCODE), Set.of(ERRTEXT), Set.of()),
    // Application messages, exactly once and in order across path switches
    DATA(32, "peer->peer", Set.of(MSGKIND, UUID, APPSEQ), Set.of(PAYLOAD), Set.of(PAYLOAD)),
    DATA_ACK(33, "peer->peer", Set.of(MSGKIND, UUID, ACKSEQ), Set.of(), Set.of()),
    // Bulk transfer (ptptest 2014's mechanism)
    OFFER(40, "sender->receiver", Set.of(MSGKIND, UUID, XFERID, OBJNAME, OBJSIZE, BLOCKSIZE, SHA256, XFERMODE, HASHROOT,
            XFERCOOKIE), Set.of(), Set.of()),
    FETCH(41, "receiver->sender", Set.of(MSGKIND, UUID, XFERID, OBJNAME, XFERCOOKIE), Set.of(), Set.of()),
    REQUEST(42, "receiver->sender", Set.of(MSGKIND, UUID, XFERID), Set.of(BLOCKNUM, HASHNODE), Set.of(BLOCKNUM, HASHNODE)),
    BLOCK(43, "sender->receiver", Set.of(MSGKIND, UUID, XFERID, BLOCKNUM), Set.of(PAYLOAD), Set.of(PAYLOAD)),
    DONE(44, "receiver->sender", Set.of(MSGKIND, UUID, XFERID, XFERSTATUS), Set.of(), Set.of()),
    CANCEL(45, "either side of a transfer", Set.of(MSGKIND, UUID, XFERID, ERRCODE), Set.of(ERRTEXT), Set.of()),
    HASHES(46, "sender->receiver", Set.of(MSGKIND, UUID, XFERID, HASHNODE), Set.of(PAYLOAD), Set.of(PAYLOAD)),
    RETRY(47, "the end an OFFER or FETCH came to", Set.of(MSGKIND, UUID, XFERID, XFERCOOKIE), Set.of(), Set.of()),
    // Keys and sealing (docs/protocol.md 6.9): the header stays plain, so every datagram still frames
    HANDSHAKE_INIT(48, "any keyed node", Set.of(MSGKIND, UUID, SESSION, PATTERN, NOISE), Set.of(PADDING, ATTEMPT),
            Set.of(NOISE, PADDING)),
    HANDSHAKE_RESP(49, "any keyed node", Set.of(MSGKIND, UUID, SESSION, PEERSESSION, NOISE), Set.of(), Set.of(NOISE)),
    HANDSHAKE_FINISH(50, "any keyed node", Set.of(MSGKIND, UUID, PEERSESSION, NOISE), Set.of(), Set.of(NOISE)),
    SEALED(51, "any keyed node", Set.of(MSGKIND, UUID, PEERSESSION, COUNTER, TlvTypes.SEALED), Set.of(),
            Set.of(TlvTypes.SEALED));

    private static final MessageKind[] BY_CODE = new MessageKind[256];

    static {
        for (MessageKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    private final int code;
    private final String sender;
    private final Set<Integer> required;
    private final Set<Integer> optional;
    private final Set<Integer> repeatable;

    MessageKind(int code, String sender, Set<Integer> required, Set<Integer> optional, Set<Integer> repeatable) {
        this.code = code;
        this.sender = sender;
        this.required = required;
        this.optional = optional;
        this.repeatable = repeatable;
    }

    /** The MSGKIND value. */
    public int code() {
        return code;
    }

    /** Who sends it, for documentation and pcap flow checks. */
    public String sender() {
        return sender;
    }

    public Set<Integer> required() {
        return required;
    }

    public Set<Integer> optional() {
        return optional;
    }

    /** Types that may appear more than once in this kind. */
    public Set<Integer> repeatable() {
        return repeatable;
    }

    /** Kinds of ptptest 2014, which the original sends without MSGKIND. */
    public boolean isLegacy() {
        return code <= SHUTDOWN.code;
    }

    /** The bulk transfer's kinds (docs/protocol.md 6.7), OFFER to RETRY. */
    public boolean isTransfer() {
        return code >= OFFER.code && code <= RETRY.code;
    }

    public static MessageKind fromCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /**
     * The kind of a datagram with no MSGKIND, as ptptest 2014 composes them: SHUTDOWN wins;
     * a client message with PTPADDR registers; one with YOURTS echoes; one with MYTS probes; a
     * server message with CLIENTLEN is a list, one with YOURTS an echo.
     *
     * @param has whether a TLV type is present
     * @return the kind, or null if nothing fits
     */
    public static MessageKind infer(java.util.function.IntPredicate has) {
        if (has.test(TlvTypes.SHUTDOWN)) {
            return SHUTDOWN;
        }
        if (has.test(CLIENTVER)) {
            if (has.test(PTPADDR)) {
                return REGISTER;
            }
            if (has.test(YOURTS)) {
                return ECHO;
            }
            return has.test(MYTS) ? PROBE : null;
        }
        if (has.test(SERVERVER)) {
            if (has.test(CLIENTLEN)) {
                return LIST;
            }
            return has.test(YOURTS) ? ECHO : null;
        }
        return null;
    }
}
