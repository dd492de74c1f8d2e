package org.ptpmesh.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLV type registry (docs/protocol.md section "Type registry"). ptptest 2014's types keep
 * their numbers and meanings (YOURADDR is an Address, as the original code sends it); every type
 * added since lies inside ptptest 2014's ranges: 0-31 common, 32-63 client to server, 64-95 server
 * to client, 96-255 client to client.
 */
public final class TlvTypes {

    // Common (0-31): ptptest 2014
    public static final int PROTOVER = 0;
    public static final int SERVERVER = 1;
    public static final int CLIENTVER = 2;
    public static final int SEQUENCE = 3;
    public static final int UUID = 4;
    public static final int MYTS = 8;
    public static final int YOURTS = 9;
    // Common (0-31): ptpmesh
    public static final int MSGKIND = 5;
    public static final int NAT = 6;
    public static final int RESTART = 7;
    public static final int TARGET = 10;
    public static final int ERRCODE = 11;
    public static final int ERRTEXT = 12;
    public static final int PAYLOAD = 13;
    public static final int ATTEMPT = 14;
    public static final int CLOCKOFFSET = 15;
    // Keys and sealing (docs/protocol.md 6.9)
    public static final int NOISE = 16;
    public static final int SEALED = 17;
    public static final int COUNTER = 18;
    public static final int SESSION = 19;
    public static final int PEERSESSION = 20;
    public static final int PADDING = 21;
    public static final int PATTERN = 22;
    // Client to server (32-63): ptptest 2014
    public static final int PTPADDR = 32;
    public static final int INTADDR = 33;
    public static final int UPNP = 34;
    public static final int META = 35;
    public static final int SHUTDOWN = 45;
    // Client to server (32-63): ptpmesh
    public static final int METAB = 36;
    public static final int TESTPORT = 37;
    public static final int MAPPEDADDR = 38;
    // Server to client (64-95): ptptest 2014
    public static final int CLIENTLIST_EXT = 64;
    public static final int CLIENTLEN = 65;
    public static final int YOURADDR = 66;
    public static final int CLIENTLIST_INT = 67;
    // Server to client (64-95): ptpmesh
    public static final int LISTID = 68;
    public static final int PAGE = 69;
    public static final int PAGECOUNT = 70;
    public static final int CLIENTLIST_ID = 71;
    public static final int CLIENTLIST_NAT = 72;
    public static final int PEERADDR = 73;
    public static final int PEERLANADDR = 74;
    public static final int PEERNAT = 75;
    public static final int FROMID = 76;
    public static final int PEERKEY = 77;
    public static final int CLIENTLIST_KEYED = 78;
    // Client to client (96-255): ptptest 2014
    public static final int CC = 96;
    // Client to client (96-255): ptpmesh
    public static final int PROBENUM = 97;
    public static final int APPSEQ = 98;
    public static final int XFERID = 99;
    public static final int OBJNAME = 100;
    public static final int OBJSIZE = 101;
    public static final int BLOCKSIZE = 102;
    public static final int SHA256 = 103;
    public static final int BLOCKNUM = 104;
    public static final int XFERMODE = 105;
    public static final int XFERSTATUS = 106;
    public static final int ACKSEQ = 107;
    public static final int XFERCOOKIE = 108;
    public static final int HASHROOT = 109;
    public static final int HASHNODE = 110;

    /** Largest value a TLV can hold: the length byte counts the 2-byte header too. */
    public static final int MAX_VALUE_LENGTH = 255 - 2;
    public static final int PEER_ID_LENGTH = 16;

    private static final TlvType[] BY_CODE = new TlvType[256];
    private static final Map<String, TlvType> BY_NAME = new HashMap<>();
    private static final List<TlvType> ALL = new ArrayList<>();

    static {
        uint(PROTOVER, "PROTOVER", 1, "Protocol version indicator");
        uint(SERVERVER, "SERVERVER", 1, "Server version indicator");
        uint(CLIENTVER, "CLIENTVER", 1, "Client version indicator");
        uint(SEQUENCE, "SEQUENCE", 4, "Sequence counter of the sender");
        bytes(UUID, "UUID", LengthRule.exactly(16), "UUID (16 bytes): peer id of the sender, or of the addressee in server replies to ptptest clients");
        uint(MSGKIND, "MSGKIND", 1, "Message kind (absent in ptptest 2014 messages, whose kind is inferred)");
        uint(NAT, "NAT", 1, "NAT type of the sender: 0 unknown, 1 Easy, 2 Hard, 3 Static");
        uint(RESTART, "RESTART", 8, "Time of the sender's last start, Unix milliseconds");
        uint(MYTS, "MYTS", 8, "\"My\" timestamp: 32.32 fixed-point Unix seconds");
        uint(YOURTS, "YOURTS", 8, "\"Your\" timestamp: a MYTS value echoed back unchanged");
        bytes(TARGET, "TARGET", LengthRule.exactly(PEER_ID_LENGTH), "Peer id the message is about (intro target, relay destination)");
        uint(ERRCODE, "ERRCODE", 2, "Error code (docs/protocol.md, Error codes)");
        add(ERRTEXT, "ERRTEXT", ValueKind.TEXT, LengthRule.between(0, MAX_VALUE_LENGTH), 0, "Human-readable error detail, UTF-8");
        bytes(PAYLOAD, "PAYLOAD", LengthRule.between(0, MAX_VALUE_LENGTH), "Payload fragment; the PAYLOAD TLVs of one message concatenate in order");
        uint(ATTEMPT, "ATTEMPT", 4, "Connect attempt id, chosen by the introducer");
        add(CLOCKOFFSET, "CLOCKOFFSET", ValueKind.INT, LengthRule.INTEGER, 4, "Signed milliseconds: responder's clock minus the requester's MYTS, for diagnostics");
        bytes(NOISE, "NOISE", LengthRule.between(0, MAX_VALUE_LENGTH), "Noise handshake message fragment; the NOISE TLVs of one message concatenate in order");
        bytes(SEALED, "SEALED", LengthRule.between(0, MAX_VALUE_LENGTH), "Sealed inner datagram fragment (AES-256-GCM ciphertext and tag); the SEALED TLVs of one message concatenate in order");
        uint(COUNTER, "COUNTER", 8, "Nonce of a sealed message: the sender's message counter in its session, from 0");
        uint(SESSION, "SESSION", 4, "The sender's session index, chosen at random by the sender");
        uint(PEERSESSION, "PEERSESSION", 4, "The addressee's session index, as the addressee chose it");
        bytes(PADDING, "PADDING", LengthRule.between(0, MAX_VALUE_LENGTH), "Ignored bytes that make a handshake's first message as large as its answer");
        uint(PATTERN, "PATTERN", 1, "Noise handshake pattern: 0 XX, 1 IK");

        address(PTPADDR, "PTPADDR", "PTP address: the client's own (LAN) socket address");
        address(INTADDR, "INTADDR", "Internal address");
        uint(UPNP, "UPNP", 1, "UPnP used");
        add(META, "META", ValueKind.JSON, LengthRule.between(2, MAX_VALUE_LENGTH), 0, "Various metadata, ASCII JSON");
        add(METAB, "METAB", ValueKind.BSON, LengthRule.between(5, MAX_VALUE_LENGTH), 0, "Various metadata, a BSON document");
        uint(TESTPORT, "TESTPORT", 2, "The sender's test port (the introducer design's NAT check)");
        address(MAPPEDADDR, "MAPPEDADDR", "The sender's port-mapped public address (PCP, NAT-PMP or UPnP), open to anyone");
        uint(SHUTDOWN, "SHUTDOWN", 1, "Client is shutting down");

        address(CLIENTLIST_EXT, "CLIENTLIST_EXT", "Client list entry (external address)");
        uint(CLIENTLEN, "CLIENTLEN", 1, "Number of CLIENTLIST_EXT entries in this datagram");
        address(YOURADDR, "YOURADDR", "The addressee's address as the sender sees it");
        address(CLIENTLIST_INT, "CLIENTLIST_INT", "Client list entry (local address) of the preceding EXT entry; only for clients behind the receiver's public IP");
        uint(LISTID, "LISTID", 4, "Client list publication id, shared by all pages of one list");
        uint(PAGE, "PAGE", 2, "Page number of a client list, from 0");
        uint(PAGECOUNT, "PAGECOUNT", 2, "Number of pages of this client list");
        bytes(CLIENTLIST_ID, "CLIENTLIST_ID", LengthRule.exactly(PEER_ID_LENGTH), "Peer id of the preceding EXT entry");
        uint(CLIENTLIST_NAT, "CLIENTLIST_NAT", 1, "NAT type of the preceding EXT entry");
        address(PEERADDR, "PEERADDR", "Introduction: the other peer's public address");
        address(PEERLANADDR, "PEERLANADDR", "Introduction: the other peer's LAN address (same public IP only)");
        uint(PEERNAT, "PEERNAT", 1, "Introduction: the other peer's NAT type");
        bytes(FROMID, "FROMID", LengthRule.exactly(PEER_ID_LENGTH), "Relayed message: peer id of the original sender");
        bytes(PEERKEY, "PEERKEY", LengthRule.exactly(32), "Introduction: the other peer's static X25519 public key (absent for a legacy peer)");
        uint(CLIENTLIST_KEYED, "CLIENTLIST_KEYED", 1, "Whether the preceding EXT entry proved a key: 1 keyed, 0 legacy");

        bytes(CC, "CC", LengthRule.between(0, MAX_VALUE_LENGTH), "Experimental extension (raw bytes)");
        uint(PROBENUM, "PROBENUM", 2, "Punch probe number within its attempt, from 0");
        uint(APPSEQ, "APPSEQ", 8, "Application message sequence number, from 1");
        uint(XFERID, "XFERID", 4, "Transfer id, chosen by the offering side");
        add(OBJNAME, "OBJNAME", ValueKind.TEXT, LengthRule.between(1, MAX_VALUE_LENGTH), 0, "Object name, UTF-8");
        uint(OBJSIZE, "OBJSIZE", 8, "Object size in bytes");
        uint(BLOCKSIZE, "BLOCKSIZE", 2, "Block size in bytes; every block but the last has this size");
        bytes(SHA256, "SHA256", LengthRule.exactly(32), "SHA-256 of the whole object");
        uint(BLOCKNUM, "BLOCKNUM", 4, "Block number, from 0");
        uint(XFERMODE, "XFERMODE", 1, "Transfer mode: 0 pushed by the sender, 1 fetched by the receiver");
        uint(XFERSTATUS, "XFERSTATUS", 1, "Transfer outcome: 0 complete, 1 cancelled, 2 gave up, 3 integrity failure");
        uint(ACKSEQ, "ACKSEQ", 8, "Highest APPSEQ received in order (cumulative acknowledgement)");
        bytes(XFERCOOKIE, "XFERCOOKIE", LengthRule.exactly(16), "Address validation cookie of an OFFER or FETCH; all zero before RETRY gave one");
        bytes(HASHROOT, "HASHROOT", LengthRule.exactly(32), "Root of the object's hash tree (docs/transfer.md, \"Block integrity\")");
        uint(HASHNODE, "HASHNODE", 8, "A node of the hash tree: level times 2^32 plus index; its children are asked for or carried");
    }

    private TlvTypes() {
    }

    /** The registered type, or null for a number nobody registered. */
    public static TlvType lookup(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }

    public static boolean isKnown(int code) {
        return lookup(code) != null;
    }

    /** Looks a type up by its registry name (case-insensitive). */
    public static TlvType byName(String name) {
        return BY_NAME.get(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** Every registered type in ascending number order. */
    public static List<TlvType> all() {
        List<TlvType> sorted = new ArrayList<>(ALL);
        sorted.sort((a, b) -> Integer.compare(a.code(), b.code()));
        return Collections.unmodifiableList(sorted);
    }

    /** The registry name, or {@code TYPE<n>} for an unknown number. */
    public static String nameOf(int code) {
        TlvType t = lookup(code);
        return t != null ? t.name() : "TYPE" + code;
    }

    public static ValueKind kindOf(int code) {
        TlvType t = lookup(code);
        return t != null ? t.kind() : ValueKind.UNKNOWN;
    }

    private static void uint(int code, String name, int width, String description) {
        add(code, name, ValueKind.UINT, LengthRule.INTEGER, width, description);
    }

    private static void bytes(int code, String name, LengthRule rule, String description) {
        add(code, name, ValueKind.BYTES, rule, 0, description);
    }

    private static void address(int code, String name, String description) {
        add(code, name, ValueKind.ADDRESS, LengthRule.ADDRESS, 0, description);
    }

    private static void add(int code, String name, ValueKind kind, LengthRule rule, int width, String description) {
        if (BY_CODE[code] != null) {
            throw new IllegalStateException("TLV type " + code + " registered twice");
        }
        TlvType t = new TlvType(code, name, kind, rule, width, description);
        BY_CODE[code] = t;
        BY_NAME.put(name, t);
        ALL.add(t);
    }
}
