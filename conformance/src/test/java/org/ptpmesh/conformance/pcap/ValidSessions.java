package org.ptpmesh.conformance.pcap;

import static org.ptpmesh.wire.TlvTypes.*;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;

/**
 * The valid fixture sessions (pcap-fixtures/valid/). Every datagram is encoded by the reference
 * codec; the ptptest one uses exactly the 2014 client's byte layout (CLIENTVER in one byte,
 * SEQUENCE in four, raw UUID, PTPADDR, MYTS in eight, no MSGKIND) and its server's answers.
 */
final class ValidSessions {

    static final Endpoint SERVER = Endpoint.of("203.0.113.7", 23456);
    static final Endpoint SERVER_TEST = Endpoint.of("203.0.113.7", 23457);
    static final Endpoint SECOND_INTRODUCER = Endpoint.of("203.0.113.8", 23456);
    static final Endpoint A = Endpoint.of("198.51.100.10", 40000);
    static final Endpoint B = Endpoint.of("198.51.100.20", 40001);
    static final Endpoint P = Endpoint.of("198.51.100.10", 3456);
    static final Endpoint P_TEST = Endpoint.of("198.51.100.10", 3457);
    static final Endpoint Q = Endpoint.of("198.51.100.20", 3456);
    static final byte[] ID_A = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final byte[] ID_B = HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f");
    static final byte[] ID_I = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    static final byte[] ID_I2 = HexFormat.of().parseHex("e0e1e2e3e4e5e6e7e8e9eaebecedeeef");

    private ValidSessions() {
    }

    /** File name (under pcap-fixtures/valid/) to its frames. */
    static Map<String, List<FixtureWriter.Frame>> all() {
        return Map.of("ptptest-2014-session.pcap", ptptest2014(), "ptpmesh-traversal.pcap", traversal());
    }

    /**
     * Two ptptest 2014 clients register, get echoes and lists, probe each other every 0.5 s,
     * register again after 7 s; one shuts down and the other gets the shorter list.
     */
    static List<FixtureWriter.Frame> ptptest2014() {
        Script s = new Script();
        long serverSeq = 100;
        long tsA = register(s, A, ID_A, 0);
        s.send(SERVER, A, serverEcho(serverSeq++, ID_A, tsA, A));
        long list1 = s.myts();
        s.send(SERVER, A, list(serverSeq++, ID_A, list1, A));
        s.send(A, SERVER, clientEcho(1, ID_A, list1));
        s.advanceMillis(1500);
        long tsB = register(s, B, ID_B, 0);
        s.send(SERVER, B, serverEcho(serverSeq++, ID_B, tsB, B));
        long listB = s.myts();
        s.send(SERVER, B, list(serverSeq++, ID_B, listB, B, A));
        long listA = s.myts();
        s.send(SERVER, A, list(serverSeq++, ID_A, listA, A, B));
        s.send(B, SERVER, clientEcho(1, ID_B, listB));
        s.send(A, SERVER, clientEcho(2, ID_A, listA));
        for (int round = 0; round < 4; round++) {
            s.advanceMillis(500);
            long pa = s.myts();
            s.send(A, B, probe(3 + round, ID_A, pa));
            s.send(B, A, clientEcho(2 + round * 2, ID_B, pa));
            long pb = s.myts();
            s.send(B, A, probe(3 + round * 2, ID_B, pb));
            s.send(A, B, clientEcho(10 + round, ID_A, pb));
        }
        s.advanceMillis(5000);
        long again = register(s, A, ID_A, 20);
        s.send(SERVER, A, serverEcho(serverSeq++, ID_A, again, A));
        s.advanceMillis(800);
        s.send(A, SERVER, Message.builder().uint(SHUTDOWN, 1, 1).uint(CLIENTVER, 1, 1).uint(SEQUENCE, 21, 4)
                .bytes(UUID, ID_A).build());
        long last = s.myts();
        s.send(SERVER, B, list(serverSeq, ID_B, last, B));
        s.send(B, SERVER, clientEcho(20, ID_B, last));
        return s.frames();
    }

    private static long register(Script s, Endpoint client, byte[] id, long seq) {
        long ts = s.myts();
        s.send(client, SERVER, Message.builder().uint(CLIENTVER, 1, 1).uint(SEQUENCE, seq, 4).bytes(UUID, id)
                .address(PTPADDR, client).uint(MYTS, ts, 8).build());
        return ts;
    }

    private static Message serverEcho(long seq, byte[] addressee, long yourts, Endpoint yourAddr) {
        return Message.builder().uint(SERVERVER, 1, 1).uint(SEQUENCE, seq, 4).bytes(UUID, addressee)
                .uint(YOURTS, yourts, 8).address(YOURADDR, yourAddr).build();
    }

    private static Message list(long seq, byte[] addressee, long myts, Endpoint yourAddr, Endpoint... entries) {
        Message.Builder b = Message.builder().uint(SERVERVER, 1, 1).uint(SEQUENCE, seq, 4).bytes(UUID, addressee)
                .uint(MYTS, myts, 8).address(YOURADDR, yourAddr);
        for (Endpoint e : entries) {
            b.address(CLIENTLIST_EXT, e);
        }
        return b.uint(CLIENTLEN, entries.length, 1).build();
    }

    private static Message clientEcho(long seq, byte[] id, long yourts) {
        return Message.builder().uint(CLIENTVER, 1, 1).uint(SEQUENCE, seq, 4).bytes(UUID, id).uint(YOURTS, yourts, 8).build();
    }

    private static Message probe(long seq, byte[] id, long myts) {
        return Message.builder().uint(CLIENTVER, 1, 1).uint(SEQUENCE, seq, 4).bytes(UUID, id).uint(MYTS, myts, 8).build();
    }

    /**
     * ptpmesh's own kinds: NAT check against two introducers (PING, PONG, TEST), a registration with
 * META and an IPv6 INTADDR, an introduction,
     * a direct punch, application data, a paged client list, a relayed message, a small
     * transfer, and keepalives 29 s apart.
     */
    static List<FixtureWriter.Frame> traversal() {
        Script s = new Script();
        long ping1 = s.myts();
        s.send(P, SERVER, Message.of(MessageKind.PING, ID_A).uint(NAT, 0).uint(MYTS, ping1).uint(TESTPORT, 3457)
                .address(PTPADDR, P).build());
        s.send(SERVER, P, Message.of(MessageKind.PONG, ID_I).address(YOURADDR, P).uint(NAT, 3).uint(YOURTS, ping1).build());
        s.send(SERVER_TEST, P_TEST, Message.of(MessageKind.TEST, ID_I).address(YOURADDR, P).build());
        long ping2 = s.myts();
        s.send(P, SECOND_INTRODUCER, Message.of(MessageKind.PING, ID_A).uint(NAT, 0).uint(MYTS, ping2).uint(TESTPORT, 3457).build());
        s.send(SECOND_INTRODUCER, P, Message.of(MessageKind.PONG, ID_I2).address(YOURADDR, P).uint(NAT, 3).uint(YOURTS, ping2).build());
        long pingQ = s.myts();
        s.send(Q, SERVER, Message.of(MessageKind.PING, ID_B).uint(NAT, 1).uint(MYTS, pingQ).build());
        s.send(SERVER, Q, Message.of(MessageKind.PONG, ID_I).address(YOURADDR, Q).uint(NAT, 3).uint(YOURTS, pingQ)
                .sint(CLOCKOFFSET, -1500, 4).build());
        long regP = s.myts();
        s.send(P, SERVER, Message.of(MessageKind.REGISTER, ID_A).uint(CLIENTVER, 1).uint(SEQUENCE, 1).address(PTPADDR, P)
                .uint(MYTS, regP).uint(NAT, 3).uint(TESTPORT, 3457).json(META, "{\"rtt\":{\"mean\":1.5}}")
                .address(INTADDR, Endpoint.of("2001:db8::10", 3456)).build());
        s.send(SERVER, P, Message.of(MessageKind.ECHO, ID_A).uint(SEQUENCE, 300).uint(YOURTS, regP).address(YOURADDR, P).build());

        s.advanceMillis(200);
        s.send(P, SERVER, Message.of(MessageKind.INTRO_REQUEST, ID_A).bytes(TARGET, ID_B).uint(NAT, 3).build());
        s.send(SERVER, P, Message.of(MessageKind.INTRO, ID_I).bytes(TARGET, ID_B).address(PEERADDR, Q).uint(PEERNAT, 1)
                .uint(ATTEMPT, 9).build());
        s.send(SERVER, Q, Message.of(MessageKind.INTRO, ID_I).bytes(TARGET, ID_A).address(PEERADDR, P).uint(PEERNAT, 3)
                .uint(ATTEMPT, 9).build());
        s.advanceMillis(300);
        s.send(P, Q, Message.of(MessageKind.PUNCH, ID_A).uint(ATTEMPT, 9).uint(PROBENUM, 0).build());
        s.send(Q, P, Message.of(MessageKind.PUNCH, ID_B).uint(ATTEMPT, 9).uint(PROBENUM, 0).build());
        s.send(P, Q, Message.of(MessageKind.PUNCH_ACK, ID_A).uint(ATTEMPT, 9).uint(PROBENUM, 0).address(YOURADDR, Q).build());
        s.send(Q, P, Message.of(MessageKind.PUNCH_ACK, ID_B).uint(ATTEMPT, 9).uint(PROBENUM, 0).address(YOURADDR, P).build());

        s.advanceMillis(100);
        s.send(P, Q, Message.of(MessageKind.DATA, ID_A).uint(APPSEQ, 1).payload("hello").build());
        s.send(Q, P, Message.of(MessageKind.DATA_ACK, ID_B).uint(ACKSEQ, 1).build());

        long listTs = s.myts();
        s.send(SERVER, P, pagedList(0, listTs, Q));
        s.send(SERVER, P, pagedList(1, listTs, Endpoint.of("198.51.100.30", 3456)));
        s.send(P, SERVER, Message.of(MessageKind.ECHO, ID_A).uint(SEQUENCE, 5).uint(YOURTS, listTs).build());

        s.send(P, SERVER, Message.of(MessageKind.RELAY, ID_A).bytes(TARGET, ID_B).payload("via relay").build());
        s.send(SERVER, Q, Message.of(MessageKind.RELAYED, ID_I).bytes(FROMID, ID_A).payload("via relay").build());

        byte[] object = "ptpmesh".repeat(40).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] block0 = java.util.Arrays.copyOfRange(object, 0, 256);
        byte[] block1 = java.util.Arrays.copyOfRange(object, 256, object.length);
        byte[] leaves = concat(sha256(concat(new byte[] {0}, block0)), sha256(concat(new byte[] {0}, block1)));
        byte[] root = sha256(concat(new byte[] {1}, leaves));
        byte[] cookie = HexFormat.of().parseHex("8c1f0e2d3c4b5a69788796a5b4c3d2e1");
        s.send(P, Q, offer(object, root, new byte[16]));
        s.send(Q, P, Message.of(MessageKind.RETRY, ID_B).uint(XFERID, 1).bytes(XFERCOOKIE, cookie).build());
        s.send(P, Q, offer(object, root, cookie));
        s.send(Q, P, Message.of(MessageKind.REQUEST, ID_B).uint(XFERID, 1).uint(HASHNODE, 1L << 32).build());
        s.send(P, Q, Message.of(MessageKind.HASHES, ID_A).uint(XFERID, 1).uint(HASHNODE, 1L << 32).payload(leaves).build());
        s.send(Q, P, Message.of(MessageKind.REQUEST, ID_B).uint(XFERID, 1).uint(BLOCKNUM, 0).uint(BLOCKNUM, 1).build());
        s.send(P, Q, Message.of(MessageKind.BLOCK, ID_A).uint(XFERID, 1).uint(BLOCKNUM, 0)
                .payload(java.util.Arrays.copyOfRange(object, 0, 256)).build());
        s.send(P, Q, Message.of(MessageKind.BLOCK, ID_A).uint(XFERID, 1).uint(BLOCKNUM, 1)
                .payload(java.util.Arrays.copyOfRange(object, 256, object.length)).build());
        s.send(Q, P, Message.of(MessageKind.DONE, ID_B).uint(XFERID, 1).uint(XFERSTATUS, 0).build());

        for (int i = 0; i < 2; i++) {
            s.advanceMillis(29_000);
            long ka = s.myts();
            s.send(P, Q, Message.of(MessageKind.KEEPALIVE, ID_A).uint(MYTS, ka).build());
            s.send(Q, P, Message.of(MessageKind.KEEPALIVE_ACK, ID_B).uint(YOURTS, ka).build());
        }
        return s.frames();
    }

    /** The OFFER of notes.txt (two blocks of 256 bytes and less), with {@code cookie}: zeros before the RETRY. */
    private static Message offer(byte[] object, byte[] root, byte[] cookie) {
        return Message.of(MessageKind.OFFER, ID_A).uint(XFERID, 1).text(OBJNAME, "notes.txt").uint(OBJSIZE, object.length)
                .uint(BLOCKSIZE, 256).bytes(SHA256, sha256(object)).uint(XFERMODE, 0).bytes(HASHROOT, root)
                .bytes(XFERCOOKIE, cookie).build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static Message pagedList(int page, long myts, Endpoint entry) {
        return Message.of(MessageKind.LIST, ID_A).uint(SERVERVER, 1).uint(SEQUENCE, 200 + page).uint(MYTS, myts)
                .address(YOURADDR, P).uint(LISTID, 7).uint(PAGE, page).uint(PAGECOUNT, 2)
                .address(CLIENTLIST_EXT, entry).bytes(CLIENTLIST_ID, page == 0 ? ID_B : ID_I2).uint(CLIENTLIST_NAT, 1)
                .uint(CLIENTLEN, 1).build();
    }

    static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
