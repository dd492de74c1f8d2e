package org.ptpmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ptpmesh.metrics.MetricsReport;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListPager;
import org.ptpmesh.wire.list.ListHeader;

class MeshClientTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final Endpoint SERVER = Endpoint.of("198.51.100.1", 23456);
    private static final Endpoint ME = Endpoint.of("10.0.0.2", 5000);

    private final RecordingEffects out = new RecordingEffects();
    private final MeshClient client = new MeshClient(ClientConfig.of(SERVER, 5000, ME, id(0)).withTimers(7_000, 500, 2_000));
    private long now = T0;
    private long listId;

    private static byte[] id(int n) {
        return ByteBuffer.allocate(16).putLong(7).putLong(n).array();
    }

    private static Endpoint peer(int n) {
        return Endpoint.of("203.0.113." + (n + 1), 6000 + n);
    }

    private void list(Set<Integer> peers) {
        list(peers, ClientListPager.Audience.PTPMESH);
    }

    private void list(Set<Integer> peers, ClientListPager.Audience audience) {
        List<ClientEntry> entries = new ArrayList<>();
        for (int p : peers) {
            entries.add(new ClientEntry(peer(p), null, id(p), 1));
        }
        ListHeader header = new ListHeader(2, 1, id(0), Timestamps.fromMillis(now), Endpoint.of("198.51.100.9", 5000));
        for (Message page : ClientListPager.paginate(header, entries, ++listId, audience).messages()) {
            client.onDatagram(5000, SERVER, Codec.encode(page), now, out);
        }
    }

    private static byte[] probe(int from, long myts) {
        return Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1)
                .bytes(TlvTypes.UUID, id(from)).uint(TlvTypes.MYTS, myts).build());
    }

    private static byte[] echo(int from, long yourts) {
        return Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1)
                .bytes(TlvTypes.UUID, id(from)).uint(TlvTypes.YOURTS, yourts).build());
    }

    @Test
    void registersAtOnceRetriesSoonWhenUnansweredThenEverySevenSeconds() {
        client.start(now, out);
        List<Sent> first = out.drain();
        assertThat(first).hasSize(1);
        Message reg = first.get(0).message();
        assertThat(first.get(0).to()).isEqualTo(SERVER);
        assertThat(reg.kind()).isEqualTo(MessageKind.REGISTER);
        assertThat(reg.address(TlvTypes.PTPADDR)).contains(ME);
        assertThat(out.timers).containsEntry(MeshClient.Timer.REGISTER, T0 + 1_750).containsEntry(MeshClient.Timer.PROBE, T0 + 500);

        now = T0 + 1_750;
        client.onTimer(MeshClient.Timer.REGISTER, now, out);
        assertThat(out.drain()).as("unanswered: retried").hasSize(1);
        // a ptptest 2014 server's list: no MSGKIND, so the client does not register again in full form
        list(Set.of(), ClientListPager.Audience.PTPTEST);
        out.drain();
        now = T0 + 3_500;
        client.onTimer(MeshClient.Timer.REGISTER, now, out);
        assertThat(out.drain()).as("answered: nothing until the period is over").isEmpty();
        assertThat(out.timers).containsEntry(MeshClient.Timer.REGISTER, T0 + 1_750 + 7_000);
    }

    @Test
    void probesListedPeersMeasuresRttAndReportsInMeta() {
        client.start(now, out);
        list(Set.of(1, 2));
        out.drain();
        now += 500;
        client.onTimer(MeshClient.Timer.PROBE, now, out);
        List<Sent> probes = out.drain();
        assertThat(probes).extracting(Sent::to).containsExactlyInAnyOrder(peer(1), peer(2));
        long myts = probes.get(0).message().uint(TlvTypes.MYTS).orElseThrow();
        assertThat(probes.get(0).message().kind()).isEqualTo(MessageKind.PROBE);
        client.onDatagram(5000, probes.get(0).to(), echo(1, myts), now + 42, out);

        now += 6_500;
        client.onTimer(MeshClient.Timer.REGISTER, now, out);
        List<Sent> registrations = out.drain();
        assertThat(registrations).hasSize(2).allMatch(s -> s.to().equals(SERVER));
        List<MetricsReport> reports = registrations.stream()
                .map(s -> s.message().first(TlvTypes.META).map(t -> ((org.ptpmesh.wire.Tlv.JsonTlv) t).json()).orElseThrow())
                .map(j -> MetricsReport.parse(j).orElseThrow()).toList();
        MetricsReport about = reports.stream().filter(r -> r.peer().equals(probes.get(0).to())).findFirst().orElseThrow();
        assertThat(about.metrics().rttLast()).isEqualTo(42);
        assertThat(about.metrics().acked()).isEqualTo(1);
    }

    @Test
    void probesOnlyTheListedClientsOfItsServersFamily() {
        client.start(now, out);
        Endpoint six = Endpoint.of("2001:db8::7", 6007);
        List<ClientEntry> entries = List.of(new ClientEntry(peer(1), null, id(1), 1), new ClientEntry(six, null, id(7), 1));
        ListHeader header = new ListHeader(2, 1, id(0), Timestamps.fromMillis(now), Endpoint.of("198.51.100.9", 5000));
        for (Message page : ClientListPager.paginate(header, entries, ++listId, ClientListPager.Audience.PTPMESH).messages()) {
            client.onDatagram(5000, SERVER, Codec.encode(page), now, out);
        }
        out.drain();
        now += 500;
        client.onTimer(MeshClient.Timer.PROBE, now, out);
        // an IPv4 client (its server is IPv4) cannot send to the IPv6 one a dual-stack server lists
        assertThat(out.drain()).extracting(Sent::to).containsExactly(peer(1));
        assertThat(client.snapshot().peers()).extracting(ClientSnapshot.PeerRow::address).containsExactly(peer(1).toString());
    }

    @Test
    void answersAProbeWithItsTimestampAndShutsDownWithAWord() {
        client.start(now, out);
        list(Set.of(3));
        out.drain();
        client.onDatagram(5000, peer(3), probe(3, 987654321L), now, out);
        List<Sent> answer = out.drain();
        assertThat(answer).hasSize(1);
        assertThat(answer.get(0).to()).isEqualTo(peer(3));
        assertThat(answer.get(0).message().kind()).isEqualTo(MessageKind.ECHO);
        assertThat(answer.get(0).message().uint(TlvTypes.YOURTS)).hasValue(987654321L);

        client.shutdown(now, out);
        List<Sent> bye = out.drain();
        assertThat(bye).hasSize(1);
        assertThat(bye.get(0).message().kind()).isEqualTo(MessageKind.SHUTDOWN);
        assertThat(out.timers).isEmpty();
        client.onTimer(MeshClient.Timer.PROBE, now + 500, out);
        assertThat(out.drain()).isEmpty();
    }

    @Test
    void aClientBoundOnAllAddressesAnnouncesTheHostsFirstIpv4AddressFromItsFirstRegister() throws Exception {
        MeshClient wildcard = new MeshClient(ClientConfig.of(SERVER, 5000, Endpoint.of("0.0.0.0", 5000), id(0)));
        wildcard.start(now, out);
        assertThat(out.drain()).as("nothing before the driver reports the addresses").isEmpty();
        wildcard.onAddressesChanged(List.of(InetAddress.getByName("2001:db8::7"), InetAddress.getByName("10.0.0.7")), now, out);
        assertThat(out.drain()).as("no registration went out yet, so none is repeated").isEmpty();

        out.runTimers(wildcard, now, now);
        assertThat(registeredAddresses()).containsExactly(Endpoint.of("10.0.0.7", 5000));
    }

    @Test
    void aClientBoundOnAllAddressesRegistersAtOnceWhenItsAddressChanges() throws Exception {
        MeshClient wildcard = new MeshClient(ClientConfig.of(SERVER, 5000, Endpoint.of("0.0.0.0", 5000), id(0)));
        wildcard.start(now, out);
        wildcard.onAddressesChanged(List.of(InetAddress.getByName("10.0.0.7")), now, out);
        out.runTimers(wildcard, now, now);
        out.drain();

        now += 1_000;
        wildcard.onAddressesChanged(List.of(InetAddress.getByName("10.0.0.7")), now, out);
        assertThat(out.drain()).as("the same address again: nothing new to say").isEmpty();
        wildcard.onAddressesChanged(List.of(InetAddress.getByName("192.168.5.20")), now, out);
        assertThat(registeredAddresses()).containsExactly(Endpoint.of("192.168.5.20", 5000));
    }

    @Test
    void aClientWithASpecificAddressKeepsAnnouncingIt() throws Exception {
        client.start(now, out);
        out.drain();
        client.onAddressesChanged(List.of(InetAddress.getByName("192.168.5.20")), now, out);
        assertThat(out.drain()).isEmpty();
        now += 7_000;
        client.onTimer(MeshClient.Timer.REGISTER, now, out);
        assertThat(registeredAddresses()).containsExactly(ME);
    }

    /** The PTPADDR of every REGISTER sent since the last drain. */
    private List<Endpoint> registeredAddresses() {
        return out.drain().stream().map(Sent::message).filter(m -> m.kind() == MessageKind.REGISTER)
                .map(m -> m.address(TlvTypes.PTPADDR).orElseThrow()).toList();
    }

    /** A client talks only to clients in the latest list, whatever the lists and the probes. */
    @Property(tries = 200)
    void talksOnlyToTheLatestList(@ForAll @Size(max = 12) List<@Size(max = 6) Set<@IntRange(min = 1, max = 6) Integer>> lists,
                                  @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 6) Integer> probers) {
        new MeshClientTest().talkOnlyToTheLatestList(lists, probers);
    }

    /** One try on a fresh client: jqwik may share this instance between tries. */
    private void talkOnlyToTheLatestList(List<Set<Integer>> lists, List<Integer> probers) {
        client.start(now, out);
        Set<Integer> latest = new HashSet<>();
        for (int i = 0; i < Math.max(lists.size(), probers.size()); i++) {
            if (i < lists.size()) {
                latest = lists.get(i);
                list(latest);
            }
            if (i < probers.size()) {
                client.onDatagram(5000, peer(probers.get(i)), probe(probers.get(i), i + 1), now, out);
            }
            now += 500;
            client.onTimer(MeshClient.Timer.PROBE, now, out);
            Set<Endpoint> allowed = new HashSet<>();
            allowed.add(SERVER);
            latest.forEach(p -> allowed.add(peer(p)));
            for (Sent s : out.drain()) {
                assertThat(allowed).contains(s.to());
            }
        }
    }
}
