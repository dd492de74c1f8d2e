package org.ptpmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MeshMarker;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListPager;
import org.ptpmesh.wire.list.ClientListPager.Audience;
import org.ptpmesh.wire.list.ListHeader;

/**
 * A mesh client registers in ptptest 2014's shape, its META marked, until its server sends
 * MSGKIND; then in the full form; back to ptptest's shape when a registration goes unanswered;
 * never in the full form with {@code legacy}. Nothing it sends before the server spoke ptpmesh
 * holds a TLV type a ptptest 2014 server or client does not know.
 */
class RegisterFormTest {

    /** ptptest 2014's protocol.py PTP_MAP: its TLV parser raises on any other type. */
    static final Set<Integer> PTP_MAP = Set.of(0, 1, 2, 3, 4, 8, 9, 32, 33, 34, 35, 45, 64, 65, 66, 67, 96);
    /** The integer widths ptptest 2014's client writes (protocol.py reads 1, 2, 4 or 8 bytes). */
    static final Map<Integer, Integer> PTPTEST_WIDTHS = Map.of(TlvTypes.CLIENTVER, 1, TlvTypes.SEQUENCE, 4,
            TlvTypes.MYTS, 8, TlvTypes.YOURTS, 8, TlvTypes.SHUTDOWN, 1);

    private static final long T0 = 1_700_000_000_000L;
    private static final Endpoint SERVER = Endpoint.of("198.51.100.1", 23456);
    private static final Endpoint ME = Endpoint.of("10.0.0.2", 5000);

    private final RecordingEffects out = new RecordingEffects();
    private long now = T0;
    private long listId;

    private static byte[] id(int n) {
        return ByteBuffer.allocate(16).putLong(9).putLong(n).array();
    }

    private static MeshClient client(boolean legacy) {
        return new MeshClient(ClientConfig.of(SERVER, 5000, ME, id(0)).withTimers(7_000, 500, 2_000).withNat(1)
                .withLegacy(legacy));
    }

    /** The server's ECHO of {@code myts}; with MSGKIND as a ptpmesh server answers a ptpmesh client. */
    private static byte[] serverEcho(long myts, boolean msgkind) {
        Message.Builder b = Message.builder();
        if (msgkind) {
            b.uint(TlvTypes.MSGKIND, MessageKind.ECHO.code());
        }
        return Codec.encode(b.uint(TlvTypes.SERVERVER, 2).uint(TlvTypes.SEQUENCE, 1).bytes(TlvTypes.UUID, id(0))
                .uint(TlvTypes.YOURTS, myts, 8).build());
    }

    private void list(MeshClient client, List<ClientEntry> entries, Audience audience) {
        ListHeader header = new ListHeader(2, 1, id(0), Timestamps.fromMillis(now), Endpoint.of("198.51.100.9", 5000));
        for (Message page : ClientListPager.paginate(header, entries, ++listId, audience).messages()) {
            client.onDatagram(5000, SERVER, Codec.encode(page), now, out);
        }
    }

    private static List<Message> registrations(List<Sent> sent) {
        return sent.stream().map(Sent::message).filter(m -> m.kind() == MessageKind.REGISTER).toList();
    }

    private static String meta(Message m) {
        return m.first(TlvTypes.META).map(t -> ((Tlv.JsonTlv) t).json()).orElse(null);
    }

    private static boolean marked(String meta) {
        byte[] b = meta.getBytes(StandardCharsets.US_ASCII);
        return MeshMarker.isMarked(b, 0, b.length);
    }

    @Test
    void registersInPtptestsShapeMarkedUntilTheServerSendsMsgkindThenInFullForm() {
        MeshClient client = client(false);
        client.start(now, out);
        Message first = out.drain().get(0).message();
        assertThat(first.tlvs()).extracting(Tlv::type).containsExactly(TlvTypes.CLIENTVER, TlvTypes.SEQUENCE,
                TlvTypes.UUID, TlvTypes.PTPADDR, TlvTypes.MYTS, TlvTypes.META);
        assertThat(first.uint(TlvTypes.CLIENTVER)).hasValue(2);
        assertThat(meta(first)).isEqualTo(MeshMarker.ALONE);
        long myts = first.uint(TlvTypes.MYTS).orElseThrow();

        client.onDatagram(5000, SERVER, serverEcho(myts, false), now + 5, out);
        assertThat(out.drain()).as("a ptptest 2014 server's echo changes nothing").isEmpty();
        now += 7_000;
        client.onTimer(MeshClient.Timer.REGISTER, now, out);
        Message second = registrations(out.drain()).get(0);
        assertThat(second.has(TlvTypes.MSGKIND)).isFalse();
        assertThat(marked(meta(second))).isTrue();

        client.onDatagram(5000, SERVER, serverEcho(second.uint(TlvTypes.MYTS).orElseThrow(), true), now + 5, out);
        List<Message> full = registrations(out.drain());
        assertThat(full).as("registered again at once, in full form").hasSize(1);
        assertThat(full.get(0).uint(TlvTypes.MSGKIND)).hasValue(MessageKind.REGISTER.code());
        assertThat(full.get(0).uint(TlvTypes.NAT)).hasValue(1);
        assertThat(full.get(0).has(TlvTypes.META)).as("the marker has done its job").isFalse();
        assertThat(out.trace).filteredOn(e -> e.event().equals("RegisterForm")).extracting(e -> e.params().get("form"))
                .containsExactly("full");

        client.onDatagram(5000, SERVER, serverEcho(full.get(0).uint(TlvTypes.MYTS).orElseThrow(), true), now + 10, out);
        now += 7_005;
        client.onTimer(MeshClient.Timer.REGISTER, now, out);
        Message third = registrations(out.drain()).get(0);
        assertThat(third.has(TlvTypes.MSGKIND)).isTrue();
        client.onDatagram(5000, SERVER, serverEcho(third.uint(TlvTypes.MYTS).orElseThrow(), true), now + 5, out);
        client.shutdown(now + 6, out);
        Message bye = out.drain().get(0).message();
        assertThat(bye.kind()).isEqualTo(MessageKind.SHUTDOWN);
        assertThat(bye.has(TlvTypes.MSGKIND)).as("the server answered the last registration: full form").isTrue();
    }

    @Test
    void anUnansweredRegistrationTakesItBackToPtptestsShapeUntilTheNextMsgkind() {
        MeshClient client = client(false);
        client.start(now, out);
        long myts = out.drain().get(0).message().uint(TlvTypes.MYTS).orElseThrow();
        client.onDatagram(5000, SERVER, serverEcho(myts, true), now, out);
        assertThat(registrations(out.drain())).singleElement().satisfies(m -> assertThat(m.has(TlvTypes.MSGKIND)).isTrue());

        // the server is gone: the retry a quarter period later must not be in the full form
        now += 1_750;
        client.onTimer(MeshClient.Timer.REGISTER, now, out);
        Message retry = registrations(out.drain()).get(0);
        assertThat(retry.tlvs()).extracting(Tlv::type).allMatch(PTP_MAP::contains);
        assertThat(marked(meta(retry))).isTrue();
        assertThat(client.snapshot().fullForm()).isFalse();
        client.shutdown(now, out);
        Message bye = out.drain().get(0).message();
        assertThat(bye.tlvs()).extracting(Tlv::type).containsExactly(TlvTypes.CLIENTVER, TlvTypes.SEQUENCE,
                TlvTypes.UUID, TlvTypes.PTPADDR, TlvTypes.SHUTDOWN);
    }

    @Test
    void legacyNeverMarksNorSwitches() {
        MeshClient client = client(true);
        client.start(now, out);
        Message first = out.drain().get(0).message();
        assertThat(first.has(TlvTypes.META)).as("nothing to report, nothing to mark").isFalse();
        client.onDatagram(5000, SERVER, serverEcho(first.uint(TlvTypes.MYTS).orElseThrow(), true), now, out);
        list(client, List.of(new ClientEntry(Endpoint.of("203.0.113.7", 6000), null, id(7), 2)), Audience.PTPMESH);
        assertThat(registrations(out.drain())).isEmpty();
        now += 7_000;
        client.onTimer(MeshClient.Timer.REGISTER, now, out);
        Message report = registrations(out.drain()).get(0);
        assertThat(report.has(TlvTypes.MSGKIND)).isFalse();
        assertThat(meta(report)).as("a report, unmarked").contains("\"peer\"").doesNotContain(MeshMarker.KEY);
    }

    /** What a session with a server that may or may not speak ptpmesh does at each step. */
    enum Step { REGISTER_TIMER, PROBE_TIMER, LIST, ECHO, PEER_PROBES, PEER_ECHOES, WAIT }

    /**
     * Whatever happens, with a ptptest 2014 server (never MSGKIND) every datagram holds only
     * PTP_MAP types in ptptest's widths and every registration carries the marker (unless
     * legacy); with a ptpmesh server a full-form registration goes out only after the server sent
     * MSGKIND and answered the registration before it, and never with {@code legacy}.
     */
    @Property(tries = 300)
    void ptptestSeesOnlyItsOwnTypesAndTheFullFormWaitsForMsgkind(
            @ForAll boolean serverSpeaksPtpmesh, @ForAll boolean legacy, @ForAll boolean ipv6Peers,
            @ForAll @Size(max = 40) List<Step> steps, @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 3) Integer> choices) {
        new RegisterFormTest().session(serverSpeaksPtpmesh, legacy, ipv6Peers, steps, choices);
    }

    private void session(boolean ptpmeshServer, boolean legacy, boolean ipv6Peers, List<Step> steps, List<Integer> choices) {
        MeshClient client = client(legacy);
        Audience audience = ptpmeshServer ? Audience.PTPMESH : Audience.PTPTEST;
        client.start(now, out);
        boolean msgkindSeen = false;
        boolean answered = false;
        long lastMyts = 0;
        List<ClientEntry> listed = List.of();
        for (int i = 0; i <= steps.size(); i++) {
            Step step = i < steps.size() ? steps.get(i) : null;
            int choice = i < choices.size() ? choices.get(i) : 1;
            boolean fromServer = step == Step.LIST || step == Step.ECHO;
            if (step == Step.REGISTER_TIMER) {
                client.onTimer(MeshClient.Timer.REGISTER, now, out);
            } else if (step == Step.PROBE_TIMER) {
                client.onTimer(MeshClient.Timer.PROBE, now, out);
            } else if (step == Step.LIST) {
                listed = entries(choice, ipv6Peers);
                list(client, listed, audience);
            } else if (step == Step.ECHO) {
                client.onDatagram(5000, SERVER, serverEcho(lastMyts, ptpmeshServer), now, out);
            } else if ((step == Step.PEER_PROBES || step == Step.PEER_ECHOES) && !listed.isEmpty()) {
                ClientEntry peer = listed.get(choice % listed.size());
                Message.Builder b = Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, i, 4)
                        .bytes(TlvTypes.UUID, id(9));
                b = step == Step.PEER_PROBES ? b.uint(TlvTypes.MYTS, Timestamps.fromMillis(now), 8)
                        : b.uint(TlvTypes.YOURTS, Timestamps.fromMillis(now - 20 * choice), 8);
                client.onDatagram(5000, ListedPeer.contactOf(peer), Codec.encode(b.build()), now, out);
            } else if (step == Step.WAIT) {
                now += 600L * (choice + 1);
            } else if (step == null) {
                client.shutdown(now, out);
            }
            if (fromServer) {
                answered = true;
                msgkindSeen |= ptpmeshServer;
            }
            List<Message> registrations = new ArrayList<>();
            for (Sent s : out.drain()) {
                Message m = s.message();
                if (!m.has(TlvTypes.MSGKIND)) {
                    assertThat(m.tlvs()).extracting(Tlv::type).as("%s", m).allMatch(PTP_MAP::contains);
                    for (Tlv t : m.tlvs()) {
                        if (t instanceof Tlv.UintTlv u) {
                            assertThat(u.width()).as("%s in %s", u.name(), m).isEqualTo(PTPTEST_WIDTHS.get(u.type()));
                        }
                    }
                } else {
                    assertThat(legacy).as("a legacy client never sends MSGKIND").isFalse();
                    assertThat(s.to()).as("MSGKIND only to the server").isEqualTo(SERVER);
                    assertThat(msgkindSeen && answered).as("full form only after the server's MSGKIND answered the last registration")
                            .isTrue();
                }
                if (m.kind() == MessageKind.REGISTER) {
                    registrations.add(m);
                    lastMyts = m.uint(TlvTypes.MYTS).orElseThrow();
                    if (!m.has(TlvTypes.MSGKIND) && !legacy) {
                        assertThat(marked(meta(m))).as("every ptptest-shaped registration carries the marker").isTrue();
                    }
                }
            }
            if (!registrations.isEmpty()) {
                answered = false;
            }
        }
    }

    private static List<ClientEntry> entries(int count, boolean ipv6) {
        List<ClientEntry> entries = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            Endpoint external = ipv6 ? Endpoint.of("2001:db8:ffff:ffff:ffff:ffff:ffff:" + n, 65000 + n)
                    : Endpoint.of("203.0.113." + n, 6000 + n);
            entries.add(new ClientEntry(external, null, id(n), 1));
        }
        return entries;
    }
}
