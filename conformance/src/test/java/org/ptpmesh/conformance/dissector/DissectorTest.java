package org.ptpmesh.conformance.dissector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.wire.TlvTypes.CLIENTLEN;
import static org.ptpmesh.wire.TlvTypes.CLIENTLIST_EXT;
import static org.ptpmesh.wire.TlvTypes.CLIENTLIST_ID;
import static org.ptpmesh.wire.TlvTypes.CLIENTVER;
import static org.ptpmesh.wire.TlvTypes.LISTID;
import static org.ptpmesh.wire.TlvTypes.MSGKIND;
import static org.ptpmesh.wire.TlvTypes.MYTS;
import static org.ptpmesh.wire.TlvTypes.NAT;
import static org.ptpmesh.wire.TlvTypes.PAGE;
import static org.ptpmesh.wire.TlvTypes.PAGECOUNT;
import static org.ptpmesh.wire.TlvTypes.PTPADDR;
import static org.ptpmesh.wire.TlvTypes.SEQUENCE;
import static org.ptpmesh.wire.TlvTypes.SERVERVER;
import static org.ptpmesh.wire.TlvTypes.UUID;
import static org.ptpmesh.wire.TlvTypes.YOURADDR;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.ptpmesh.conformance.pcap.CaptureFiles;
import org.ptpmesh.pcap.CaptureReader;
import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.wire.Checksum;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PtptestCaptures;
import org.ptpmesh.wire.RuleViolationCode;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;

/**
 * Runs tshark with the Lua dissector over every capture under pcap-fixtures/ and checks that,
 * datagram by datagram, its fields equal the Java decoder's: version, checksum status, message
 * kind, decode error and offset, every TLV's type, length, raw value, integer values, IPv4 and
 * IPv6 addresses, ports and texts, and the message rules broken (the receiver rules' codes, in order).
 */
class DissectorTest extends WithTshark {

    private static final String[] FIELDS = {"frame.number", "ptpmesh.version", "ptpmesh.checksum.status", "ptpmesh.kind",
        "ptpmesh.error", "ptpmesh.error.offset", "ptpmesh.tlv.type", "ptpmesh.tlv.length", "ptpmesh.tlv.value",
        "ptpmesh.tlv.uint", "ptpmesh.tlv.int", "ptpmesh.tlv.ipv4", "ptpmesh.tlv.ipv6", "ptpmesh.tlv.port", "ptpmesh.tlv.text",
        "ptpmesh.violation"};
    private static final Set<Integer> PORTS = Set.of(23456, 3456, 3457);
    private static final Set<String> BEFORE_CHECKSUM = Set.of("oversize", "too_short", "unsupported_version");

    @Test
    void dissectorFieldsEqualTheJavaDecoderOnEveryFixture() throws Exception {
        List<Path> captures = CaptureFiles.under(LuaDissector.repo().resolve("pcap-fixtures"));
        assertThat(captures).isNotEmpty();
        int compared = 0;
        for (Path capture : captures) {
            List<String> expected = expected(capture);
            List<String> actual = tshark(capture);
            assertThat(actual).as("tshark's ptpmesh fields for %s", capture).containsExactlyElementsOf(expected);
            compared += expected.size();
        }
        assertThat(compared).isGreaterThan(100);
    }

    /** META values at the edges of JSON: the dissector's parser must agree with the Java decoder's on each. */
    @Test
    void jsonEdgeCasesAgree() throws Exception {
        List<String> metas = List.of("{}", "[]", "0", "-0", "01", "1.", ".5", "1e5", "1E+5", "1e", "-", "\"a\"", "\"\\u00e9\"",
                "\"\\x\"", "\"\t\"", "[1,]", "{\"a\":1,}", "{\"a\" : [true, false, null]}", "{a:1}", "tru", "null ",
                " {}", "{} x", "[[[]]]", "\"\u00e9\"", "{\"a\":1}{\"b\":2}", "1.5e-3", "[\"\\ud83d\"]", "'a'", "NaN");
        List<org.ptpmesh.conformance.pcap.FixtureWriter.Frame> frames = new ArrayList<>();
        org.ptpmesh.wire.Endpoint from = org.ptpmesh.wire.Endpoint.of("198.51.100.10", 40000);
        org.ptpmesh.wire.Endpoint to = org.ptpmesh.wire.Endpoint.of("203.0.113.7", 23456);
        for (int i = 0; i < metas.size(); i++) {
            byte[] meta = metas.get(i).getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[1 + 2 + meta.length];
            body[0] = 1;
            body[1] = (byte) org.ptpmesh.wire.TlvTypes.META;
            body[2] = (byte) (meta.length + 2);
            System.arraycopy(meta, 0, body, 3, meta.length);
            byte[] datagram = java.util.Arrays.copyOf(body, body.length + 2);
            int sum = Checksum.compute(body, 0, body.length);
            datagram[body.length] = (byte) (sum >>> 8);
            datagram[body.length + 1] = (byte) sum;
            frames.add(new org.ptpmesh.conformance.pcap.FixtureWriter.Frame(1_000_000L * (i + 1), from, to, datagram));
        }
        Path capture = home.resolve("json-edges.pcap");
        org.ptpmesh.conformance.pcap.FixtureWriter.write(capture, frames);
        List<String> expected = expected(capture);
        assertThat(expected).as("both valid and invalid JSON among the cases")
                .anyMatch(r -> r.contains("invalid_json")).anyMatch(r -> !r.contains("invalid_json"));
        assertThat(tshark(capture)).containsExactlyElementsOf(expected);
    }

    /**
     * The datagrams ptptest 2014 sends, and one breaking each message rule: the dissector names the
     * same rules broken, in the same order, as the Java receiver rules.
     */
    @Test
    void ruleViolationsAgree() throws Exception {
        byte[] id = new byte[16];
        Endpoint lan = Endpoint.of("192.168.1.10", 3456);
        Endpoint peer = Endpoint.of("198.51.100.7", 40000);
        List<Message> broken = List.of(
                Message.builder().uint(CLIENTVER, 2, 1).uint(SEQUENCE, 11, 4).uint(TlvTypes.SHUTDOWN, 1, 1).build(),
                Message.builder().uint(CLIENTVER, 2, 1).bytes(UUID, id).uint(MYTS, 5, 8).uint(TlvTypes.SHUTDOWN, 1, 1).build(),
                Message.builder().uint(CLIENTVER, 2, 1).uint(SEQUENCE, 0, 4).uint(MYTS, 5, 8).bytes(UUID, id)
                        .address(PTPADDR, lan).build(),
                Message.builder().uint(MSGKIND, 99, 1).bytes(UUID, id).build(),
                Message.builder().uint(SEQUENCE, 1, 4).build(),
                Message.of(MessageKind.PING, id).uint(NAT, 1).uint(NAT, 1).address(CLIENTLIST_EXT, peer).build(),
                Message.of(MessageKind.PING, id).build(),
                list().address(CLIENTLIST_EXT, peer).uint(CLIENTLEN, 2, 1).build(),
                list().bytes(CLIENTLIST_ID, id).address(CLIENTLIST_EXT, peer).uint(PAGE, 3, 1).uint(PAGECOUNT, 3, 1)
                        .uint(CLIENTLEN, 1, 1).build(),
                list().uint(LISTID, 1, 4).uint(PAGE, 0, 2).uint(PAGECOUNT, 0, 2).uint(CLIENTLEN, 0, 1).build(),
                list().uint(LISTID, 1, 4).uint(PAGE, 1, 8).uint(PAGECOUNT, 0x8000_0000_0000_0000L, 8).uint(CLIENTLEN, 0, 8).build(),
                list().uint(TlvTypes.CLIENTLIST_KEYED, 1).address(CLIENTLIST_EXT, peer).uint(CLIENTLEN, 1, 1).build(),
                // the keyed kinds: a valid one of each, then each of their rules broken
                init(1, 96), init(0, 32), init(1L << 32 | 1, 96), init(1, 95), init(0, 96),
                Message.of(MessageKind.HANDSHAKE_RESP, id).uint(TlvTypes.SESSION, 7).uint(TlvTypes.PEERSESSION, 9)
                        .fragments(TlvTypes.NOISE, new byte[48]).build(),
                Message.of(MessageKind.HANDSHAKE_RESP, id).uint(TlvTypes.SESSION, 7).uint(TlvTypes.PEERSESSION, 9)
                        .bytes(TlvTypes.NOISE, new byte[30]).bytes(TlvTypes.NOISE, new byte[34]).build(),
                Message.of(MessageKind.HANDSHAKE_FINISH, id).uint(TlvTypes.PEERSESSION, 9).fragments(TlvTypes.NOISE, new byte[64]).build(),
                Message.of(MessageKind.HANDSHAKE_FINISH, id).uint(TlvTypes.PEERSESSION, 9).fragments(TlvTypes.NOISE, new byte[48]).build(),
                sealed(19, -2L), sealed(18, -1L), sealed(300, -1L));
        List<byte[]> datagrams = new ArrayList<>();
        for (String hex : List.of(PtptestCaptures.REGISTER, PtptestCaptures.SERVER_ECHO, PtptestCaptures.LIST_EMPTY,
                PtptestCaptures.CLIENT_ECHO_TO_SERVER, PtptestCaptures.LIST_TWO, PtptestCaptures.PROBE, PtptestCaptures.PEER_ECHO,
                PtptestCaptures.SHUTDOWN)) {
            datagrams.add(PtptestCaptures.bytes(hex));
        }
        broken.forEach(m -> datagrams.add(Codec.encode(m)));
        List<org.ptpmesh.conformance.pcap.FixtureWriter.Frame> frames = new ArrayList<>();
        Endpoint from = Endpoint.of("198.51.100.10", 40000);
        Endpoint to = Endpoint.of("203.0.113.7", 23456);
        for (int i = 0; i < datagrams.size(); i++) {
            frames.add(new org.ptpmesh.conformance.pcap.FixtureWriter.Frame(1_000_000L * (i + 1), from, to, datagrams.get(i)));
        }
        Path capture = home.resolve("rules.pcap");
        org.ptpmesh.conformance.pcap.FixtureWriter.write(capture, frames);
        List<String> expected = expected(capture);
        for (RuleViolationCode code : RuleViolationCode.values()) {
            assertThat(expected).as("a datagram breaking %s", code).anyMatch(r -> r.contains(code.wireName()));
        }
        assertThat(expected.subList(0, 8)).as("the original's datagrams break nothing").allMatch(r -> r.endsWith("|"));
        assertThat(tshark(capture)).containsExactlyElementsOf(expected);
    }

    /**
     * A peer's PCP and NAT-PMP requests to its gateway leave from its ptpmesh port (3456, one the
     * dissector registers): Wireshark's own dissectors for port 5351 still get them, not ptpmesh's.
     */
    @Test
    void portMappingDatagramsAreLeftToWiresharksOwnDissectors() throws Exception {
        Endpoint peer = Endpoint.of("10.1.0.10", 3456);
        Endpoint gateway = Endpoint.of("10.1.0.1", 5351);
        byte[] nonce = new byte[12];
        byte[] pcp = org.ptpmesh.portmap.PcpMessages.mapRequest(java.net.InetAddress.getByName("10.1.0.10"), nonce, 3456, 3456, 7200);
        byte[] natPmp = org.ptpmesh.portmap.NatPmpMessages.mapRequest(3456, 3456, 7200);
        byte[] ping = Codec.encode(Message.of(MessageKind.PING, new byte[16]).uint(NAT, 0).build());
        Path capture = home.resolve("portmap.pcap");
        org.ptpmesh.conformance.pcap.FixtureWriter.write(capture, List.of(
                new org.ptpmesh.conformance.pcap.FixtureWriter.Frame(1_000_000L, peer, gateway, pcp),
                new org.ptpmesh.conformance.pcap.FixtureWriter.Frame(2_000_000L, peer, gateway, natPmp),
                new org.ptpmesh.conformance.pcap.FixtureWriter.Frame(3_000_000L, peer, Endpoint.of("198.51.100.2", 23456), ping)));
        assertThat(tshark(capture)).as("only the PING is ptpmesh's").hasSize(1);
        assertThat(tsharkProtocols(capture)).containsExactly("PCP v2", "NAT-PMP", "PTPMESH");
    }

    /** The protocol column of every frame, as tshark shows it with the dissector loaded. */
    private static List<String> tsharkProtocols(Path capture) throws Exception {
        List<String> cmd = Tshark.reading(capture);
        cmd.addAll(List.of("-T", "fields", "-e", "_ws.col.Protocol"));
        return Tshark.run(home, cmd, Map.of());
    }

    private static Message init(long pattern, int noise) {
        return Message.of(MessageKind.HANDSHAKE_INIT, new byte[16]).uint(TlvTypes.SESSION, 7).uint(TlvTypes.PATTERN, pattern, 8)
                .fragments(TlvTypes.NOISE, new byte[noise]).build();
    }

    private static Message sealed(int length, long counter) {
        return Message.of(MessageKind.SEALED, new byte[16]).uint(TlvTypes.PEERSESSION, 9).uint(TlvTypes.COUNTER, counter)
                .fragments(TlvTypes.SEALED, new byte[length]).build();
    }

    private static Message.Builder list() {
        return Message.builder().uint(SERVERVER, 2, 1).uint(SEQUENCE, 1, 4).bytes(UUID, new byte[16]).uint(MYTS, 5, 8)
                .address(YOURADDR, Endpoint.of("198.51.100.7", 40000));
    }

    private static List<String> tshark(Path capture) throws Exception {
        List<String> cmd = Tshark.reading(capture);
        cmd.addAll(List.of("-Y", "ptpmesh"));
        cmd.addAll(Tshark.fields(FIELDS));
        return Tshark.run(home, cmd, Map.of());
    }

    /** The same fields from the Java decoder, for the datagrams the dissector takes: its ports, or its heuristic. */
    private static List<String> expected(Path capture) {
        List<String> rows = new ArrayList<>();
        for (CapturedDatagram d : CaptureReader.read(capture, port -> true)) {
            byte[] b = d.payload();
            if (PORTS.contains(d.source().port()) || PORTS.contains(d.destination().port()) || heuristic(b)) {
                rows.add(row(d.frame(), b));
            }
        }
        return rows;
    }

    private static boolean heuristic(byte[] b) {
        int n = b.length;
        return n >= 3 && n <= 1400 && b[0] == 1
                && (((b[n - 2] & 0xFF) << 8) | (b[n - 1] & 0xFF)) == Checksum.compute(b, 0, n - 2);
    }

    private static String row(long frame, byte[] b) {
        DecodeResult r = Codec.decode(b);
        String version = b.length >= 3 && b.length <= 1400 ? Integer.toString(b[0] & 0xFF) : "";
        if (r instanceof DecodeResult.Malformed m) {
            String code = m.error().code().wireName();
            String status = BEFORE_CHECKSUM.contains(code) ? "" : code.equals("bad_checksum") ? "bad" : "good";
            return String.join("|", Long.toString(frame), version, status, "", code, Integer.toString(m.error().offset()),
                    "", "", "", "", "", "", "", "", "", "");
        }
        Message message = ((DecodeResult.Decoded) r).message();
        StringJoiner broken = new StringJoiner(",");
        ((DecodeResult.Decoded) r).violations().forEach(v -> broken.add(v.code().wireName()));
        DatagramView view = new DatagramView();
        view.wrap(b, 0, b.length);
        StringJoiner types = new StringJoiner(",");
        StringJoiner lengths = new StringJoiner(",");
        StringJoiner values = new StringJoiner(",");
        for (int i = 0; i < view.tlvCount(); i++) {
            types.add(Integer.toString(view.type(i)));
            lengths.add(Integer.toString(view.valueLength(i) + 2));
            values.add(HexFormat.of().formatHex(b, view.valueOffset(i), view.valueOffset(i) + view.valueLength(i)));
        }
        StringJoiner uints = new StringJoiner(",");
        StringJoiner ints = new StringJoiner(",");
        StringJoiner ipv4 = new StringJoiner(",");
        StringJoiner ipv6 = new StringJoiner(",");
        StringJoiner ports = new StringJoiner(",");
        StringJoiner texts = new StringJoiner(",");
        for (Tlv t : message.tlvs()) {
            if (t instanceof Tlv.UintTlv u) {
                uints.add(Long.toUnsignedString(u.value()));
            } else if (t instanceof Tlv.IntTlv i) {
                ints.add(Long.toString(i.value()));
            } else if (t instanceof Tlv.AddressTlv a) {
                (a.endpoint().isIpv4() ? ipv4 : ipv6).add(a.endpoint().host());
                ports.add(Integer.toString(a.endpoint().port()));
            } else if (t instanceof Tlv.TextTlv x && !x.text().isEmpty()) {
                texts.add(x.text());
            } else if (t instanceof Tlv.JsonTlv j) {
                texts.add(j.json());
            }
        }
        MessageKind kind = message.kind();
        return String.join("|", Long.toString(frame), version, "good", kind == null ? "unknown" : kind.name(), "", "",
                types.toString(), lengths.toString(), values.toString(), uints.toString(), ints.toString(), ipv4.toString(),
                ipv6.toString(), ports.toString(), texts.toString(), broken.toString());
    }
}
