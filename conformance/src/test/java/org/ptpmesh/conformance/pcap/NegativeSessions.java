package org.ptpmesh.conformance.pcap;

import static org.ptpmesh.conformance.pcap.ValidSessions.*;
import static org.ptpmesh.wire.TlvTypes.*;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;

/**
 * The negative fixtures (pcap-fixtures/negative/): each a short valid exchange with exactly one
 * datagram that breaks exactly one rule. pcap-fixtures/negative/README.md says which and why.
 */
final class NegativeSessions {

    private NegativeSessions() {
    }

    static Map<String, List<FixtureWriter.Frame>> all() {
        Map<String, List<FixtureWriter.Frame>> m = new LinkedHashMap<>();
        m.put("bad-checksum.pcap", afterRegister(corruptChecksum(register(A, ID_A, 0x53a4c0de80000000L))));
        m.put("truncated-tlv.pcap", afterRegister(truncatedTlv()));
        m.put("oversize.pcap", afterRegister(oversize()));
        m.put("bad-address-length.pcap", afterRegister(Script.withChecksum(HexFormat.of().parseHex("01420904c0a8010a9c40"))));
        m.put("invalid-json.pcap", afterRegister(invalidJson()));
        m.put("unknown-message.pcap", afterRegister(Codec.encode(Message.builder().uint(MSGKIND, 99)
                .bytes(UUID, ID_A).build())));
        m.put("missing-tlv.pcap", afterRegister(Codec.encode(Message.of(MessageKind.PING, ID_A).build())));
        m.put("forbidden-tlv.pcap", afterRegister(Codec.encode(Message.of(MessageKind.PUNCH, ID_A).uint(ATTEMPT, 1)
                .payload("not in a punch").build())));
        m.put("myts-before-uuid.pcap", afterRegister(Codec.encode(Message.builder().uint(CLIENTVER, 2, 1).uint(SEQUENCE, 1, 4)
                .uint(MYTS, 0x53a4c0df00000000L, 8).bytes(UUID, ID_A).address(PTPADDR, A).build())));
        m.put("shutdown-without-uuid.pcap", afterRegister(Codec.encode(Message.builder().uint(CLIENTVER, 2, 1)
                .uint(SEQUENCE, 1, 4).address(PTPADDR, A).uint(SHUTDOWN, 1, 1).build())));
        m.put("clientlen-mismatch.pcap", clientlenMismatch());
        m.put("yourts-not-echoed.pcap", yourtsNotEchoed());
        m.put("list-incomplete.pcap", listIncomplete());
        m.put("probe-budget-exceeded.pcap", probeBudgetExceeded());
        m.put("keepalive-gap.pcap", keepalives(45_000));
        m.put("keepalive-flood.pcap", keepalives(100));
        return m;
    }

    static byte[] register(Endpoint client, byte[] id, long myts) {
        return Codec.encode(Message.builder().uint(CLIENTVER, 1, 1).uint(SEQUENCE, 0, 4).bytes(UUID, id)
                .address(PTPADDR, client).uint(MYTS, myts, 8).build());
    }

    /** A valid registration and its echo, then the bad datagram (frame 3) from the same client. */
    private static List<FixtureWriter.Frame> afterRegister(byte[] bad) {
        Script s = new Script();
        long ts = s.myts();
        s.raw(A, SERVER, register(A, ID_A, ts));
        s.send(SERVER, A, Message.builder().uint(SERVERVER, 1, 1).uint(SEQUENCE, 1, 4).bytes(UUID, ID_A)
                .uint(YOURTS, ts, 8).address(YOURADDR, A).build());
        s.raw(A, SERVER, bad);
        return s.frames();
    }

    private static byte[] corruptChecksum(byte[] datagram) {
        byte[] b = datagram.clone();
        b[b.length - 1] ^= 0x01;
        return b;
    }

    /** The REGISTER with its last TLV (MYTS, 8 value bytes) cut to 5 bytes, checksum recomputed. */
    private static byte[] truncatedTlv() {
        byte[] whole = register(A, ID_A, 0x53a4c0de80000000L);
        return Script.withChecksum(Arrays.copyOf(whole, whole.length - 2 - 3));
    }

    /** A REGISTER whose META is {"rtt"=1}: the codec refuses to write it, so its bytes are put together here. */
    private static byte[] invalidJson() {
        byte[] register = register(A, ID_A, 0x53a4c0de80000000L);
        byte[] meta = "{\"rtt\"=1}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(register, register.length - 2 + 2 + meta.length);
        all[register.length - 2] = (byte) META;
        all[register.length - 1] = (byte) (meta.length + 2);
        System.arraycopy(meta, 0, all, register.length, meta.length);
        return Script.withChecksum(all);
    }

    /** A DATA datagram of 1401 bytes: six PAYLOAD TLVs, checksum correct, one byte over the limit. */
    private static byte[] oversize() {
        byte[] head = Codec.encode(Message.of(MessageKind.DATA, ID_A).uint(APPSEQ, 1).build());
        byte[] body = Arrays.copyOf(head, head.length - 2);
        int room = 1401 - 2 - body.length;
        byte[] tlvs = new byte[room];
        int off = 0;
        while (off < room) {
            int len = Math.min(255, room - off);
            tlvs[off] = (byte) PAYLOAD;
            tlvs[off + 1] = (byte) len;
            off += len;
        }
        byte[] all = Arrays.copyOf(body, body.length + room);
        System.arraycopy(tlvs, 0, all, body.length, room);
        return Script.withChecksum(all);
    }

    private static List<FixtureWriter.Frame> clientlenMismatch() {
        Script s = new Script();
        long ts = s.myts();
        s.raw(A, SERVER, register(A, ID_A, ts));
        long listTs = s.myts();
        s.send(SERVER, A, Message.builder().uint(SERVERVER, 1, 1).uint(SEQUENCE, 1, 4).bytes(UUID, ID_A)
                .uint(MYTS, listTs, 8).address(YOURADDR, A).address(CLIENTLIST_EXT, B).uint(CLIENTLEN, 2, 1).build());
        return s.frames();
    }

    /** PING with MYTS t, then a PONG whose YOURTS is t + 1 s: an echo of nothing. */
    private static List<FixtureWriter.Frame> yourtsNotEchoed() {
        Script s = new Script();
        long ts = s.myts();
        s.send(P, SERVER, Message.of(MessageKind.PING, ID_A).uint(NAT, 0).uint(MYTS, ts).build());
        s.send(SERVER, P, Message.of(MessageKind.PONG, ID_I).address(YOURADDR, P).uint(NAT, 3)
                .uint(YOURTS, ts + (1L << 32)).build());
        return s.frames();
    }

    /** Page 0 of 2 of LISTID 5, then both pages of LISTID 6: page 1 of list 5 never came. */
    private static List<FixtureWriter.Frame> listIncomplete() {
        Script s = new Script();
        for (long[] page : new long[][] {{5, 0}, {6, 0}, {6, 1}}) {
            s.send(SERVER, P, Message.of(MessageKind.LIST, ID_A).uint(SERVERVER, 1).uint(SEQUENCE, 10 + page[0] + page[1])
                    .uint(MYTS, s.myts()).address(YOURADDR, P).uint(LISTID, page[0]).uint(PAGE, page[1]).uint(PAGECOUNT, 2)
                    .address(CLIENTLIST_EXT, Q).uint(CLIENTLEN, 1).build());
            s.advanceMillis(1);
        }
        return s.frames();
    }

    /** 1001 birthday probes of one attempt from P's main port to ports of Q's host. */
    private static List<FixtureWriter.Frame> probeBudgetExceeded() {
        Script s = new Script();
        for (int n = 0; n <= 1000; n++) {
            Endpoint to = new Endpoint(Q.address(), 1024 + (n * 7919) % 64000);
            s.send(P, to, Message.of(MessageKind.PUNCH, ID_A).uint(ATTEMPT, 3).uint(PROBENUM, n).build());
            s.advanceMillis(9);
        }
        return s.frames();
    }

    /** Two KEEPALIVEs from P to Q {@code gapMillis} apart, each answered. */
    private static List<FixtureWriter.Frame> keepalives(long gapMillis) {
        Script s = new Script();
        for (int i = 0; i < 2; i++) {
            long ts = s.myts();
            s.send(P, Q, Message.of(MessageKind.KEEPALIVE, ID_A).uint(MYTS, ts).build());
            s.send(Q, P, Message.of(MessageKind.KEEPALIVE_ACK, ID_B).uint(YOURTS, ts).build());
            s.advanceMillis(gapMillis - 2);
        }
        return s.frames();
    }
}
