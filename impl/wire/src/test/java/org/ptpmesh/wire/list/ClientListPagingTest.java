package org.ptpmesh.wire.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Checksum;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Violations;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;

class ClientListPagingTest {

    private static final ListHeader HEADER = new ListHeader(2, 9, new byte[16], 1L << 40, Endpoint.of("198.51.100.7", 40000));

    static List<ClientEntry> entries(int n, long seed) {
        Random r = new Random(seed);
        List<ClientEntry> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[16];
            r.nextBytes(id);
            Endpoint ext = i % 5 == 4 ? Endpoint.of("2001:db8::" + Integer.toHexString(i + 1), 1000 + i)
                    : Endpoint.of("203.0.113." + (i % 250 + 1), 1000 + i);
            // CLIENTLIST_KEYED absent, 0 and 1 in turn, so sizes and round trips cover all three
            list.add(new ClientEntry(ext, i % 3 == 0 ? Endpoint.of("192.168.1." + (i % 250 + 1), 3456) : null, id, i % 4,
                    i / 2 % 3 - 1));
        }
        return list;
    }

    @Property(tries = 200)
    void pagesReassembleToTheOriginalListInAnyArrivalOrder(@ForAll @IntRange(min = 0, max = 400) int n, @ForAll long seed) {
        List<ClientEntry> original = entries(n, seed);
        List<Message> pages = new ArrayList<>(ClientListPager.paginate(HEADER, original, 77, ClientListPager.Audience.PTPMESH).messages());
        Collections.shuffle(pages, new Random(seed));
        ClientListAssembler assembler = new ClientListAssembler(256, 100_000);
        Optional<List<ClientEntry>> result = Optional.empty();
        for (int i = 0; i < pages.size(); i++) {
            byte[] wire = Codec.encode(pages.get(i));
            assertThat(wire.length).isLessThanOrEqualTo(Datagram.MAX_SIZE);
            Message decoded = ((DecodeResult.Decoded) Codec.decode(wire)).message();
            assertThat(decoded.kind()).isEqualTo(MessageKind.LIST);
            assertThat(Violations.of(decoded)).isEmpty();
            result = assembler.accept(decoded);
            // complete exactly when the last missing page arrives, never before
            assertThat(result.isPresent()).isEqualTo(i == pages.size() - 1);
        }
        assertThat(result).contains(original);
    }

    @Property(tries = 100)
    void aSmallPageSizeCutsTheListIntoPagesOfThatSize(@ForAll @IntRange(min = 0, max = 40) int n,
                                                       @ForAll @IntRange(min = 1, max = 7) int perPage, @ForAll long seed) {
        List<ClientEntry> original = entries(n, seed);
        List<Message> pages = ClientListPager.paginate(HEADER, original, 3, ClientListPager.Audience.PTPMESH, perPage).messages();
        assertThat(pages).hasSize(Math.max(1, (n + perPage - 1) / perPage));
        ClientListAssembler assembler = new ClientListAssembler(256, 100_000);
        Optional<List<ClientEntry>> result = Optional.empty();
        for (Message page : pages) {
            assertThat(ClientListAssembler.entries(page).size()).isLessThanOrEqualTo(perPage);
            result = assembler.accept(((DecodeResult.Decoded) Codec.decode(Codec.encode(page))).message());
        }
        assertThat(result).contains(original);
    }

    @Test
    void aPageSizeOutsideWhatCLIENTLENHoldsIsRefused() {
        assertThatThrownBy(() -> ClientListPager.paginate(HEADER, entries(3, 1), 3, ClientListPager.Audience.PTPMESH, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-255");
        assertThatThrownBy(() -> ClientListPager.paginate(HEADER, entries(3, 1), 3, ClientListPager.Audience.PTPMESH, 256))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListThatFitsOneDatagramCarriesNoPagingTlvs() {
        List<Message> pages = ClientListPager.paginate(HEADER, entries(10, 1), 5, ClientListPager.Audience.PTPMESH).messages();
        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).has(TlvTypes.LISTID)).isFalse();
        assertThat(pages.get(0).has(TlvTypes.PAGE)).isFalse();
    }

    @Test
    void largeListsArePagedWithLargerThanOriginalLimit() {
        // ptptest 2014 silently failed past about 168 IPv4 clients; 1000 must page.
        List<Message> pages = ClientListPager.paginate(HEADER, entries(1000, 2), 5, ClientListPager.Audience.PTPMESH).messages();
        assertThat(pages.size()).isGreaterThan(1);
        for (int i = 0; i < pages.size(); i++) {
            assertThat(pages.get(i).uint(TlvTypes.PAGE)).hasValue(i);
            assertThat(pages.get(i).uint(TlvTypes.PAGECOUNT)).hasValue(pages.size());
            assertThat(pages.get(i).uint(TlvTypes.LISTID)).hasValue(5);
        }
    }

    @Test
    void ptptestAudienceGetsOnlySeedTypesInOneDatagram() {
        ClientListPager.Pages pages = ClientListPager.paginate(HEADER, entries(300, 3), 5, ClientListPager.Audience.PTPTEST);
        assertThat(pages.messages()).hasSize(1);
        Message only = pages.messages().get(0);
        for (Tlv t : only.tlvs()) {
            assertThat(t.type()).isIn(TlvTypes.SERVERVER, TlvTypes.SEQUENCE, TlvTypes.UUID, TlvTypes.MYTS, TlvTypes.YOURADDR,
                    TlvTypes.CLIENTLIST_EXT, TlvTypes.CLIENTLIST_INT, TlvTypes.CLIENTLEN);
        }
        long sent = only.uint(TlvTypes.CLIENTLEN).orElseThrow();
        assertThat(sent + pages.omitted()).isEqualTo(300);
        assertThat(Codec.encode(only).length).isLessThanOrEqualTo(Datagram.MAX_SIZE);
        assertThat(only.kind()).isEqualTo(MessageKind.LIST);
    }

    /**
     * Reads a LIST the way a ptptest 2014 client does, from the bytes and independently of the
     * codec: any TLV type outside its table fails the whole datagram; each CLIENTLIST_EXT adds a
     * peer, a CLIENTLIST_INT replaces the peer before it; the list is taken only when CLIENTLEN
     * equals the number of peers.
     *
     * @return the peers the client would talk to, or null if it would drop the datagram
     */
    static List<Endpoint> readAsPtptest2014(byte[] d) {
        Set<Integer> known = Set.of(0, 1, 2, 3, 4, 8, 9, 32, 33, 34, 35, 45, 64, 65, 66, 67, 96);
        if (d.length > Datagram.MAX_SIZE || d[0] != 1
                || Checksum.compute(d, 0, d.length - 2) != ((d[d.length - 2] & 0xFF) << 8 | (d[d.length - 1] & 0xFF))) {
            return null;
        }
        List<Endpoint> peers = new ArrayList<>();
        long clientLen = -1;
        for (int pos = 1; pos < d.length - 2; ) {
            int type = d[pos] & 0xFF;
            int valueLength = (d[pos + 1] & 0xFF) - 2;
            if (!known.contains(type)) {
                return null;
            }
            byte[] value = Arrays.copyOfRange(d, pos + 2, pos + 2 + valueLength);
            if (type == TlvTypes.CLIENTLEN) {
                clientLen = new BigInteger(1, value).longValueExact();
            } else if (type == TlvTypes.CLIENTLIST_EXT) {
                peers.add(address(value));
            } else if (type == TlvTypes.CLIENTLIST_INT) {
                peers.set(peers.size() - 1, address(value));
            }
            pos += valueLength + 2;
        }
        return clientLen == peers.size() ? peers : null;
    }

    private static Endpoint address(byte[] value) {
        try {
            int port = (value[value.length - 2] & 0xFF) << 8 | (value[value.length - 1] & 0xFF);
            return new Endpoint(InetAddress.getByAddress(Arrays.copyOf(value, value.length - 2)), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 200)
    void aPtptest2014ClientReadsTheListItIsSent(@ForAll @IntRange(min = 0, max = 400) int n, @ForAll long seed) {
        List<ClientEntry> entries = entries(n, seed);
        ClientListPager.Pages pages = ClientListPager.paginate(HEADER, entries, 77, ClientListPager.Audience.PTPTEST);
        assertThat(pages.messages()).hasSize(1);
        List<Endpoint> read = readAsPtptest2014(Codec.encode(pages.messages().get(0)));
        assertThat(read).as("a ptptest 2014 client drops this list").isNotNull();
        List<Endpoint> expected = entries.subList(0, n - pages.omitted()).stream()
                .map(e -> e.internal() != null ? e.internal() : e.external()).toList();
        assertThat(read).isEqualTo(expected);
        if (n <= 40) {
            assertThat(pages.omitted()).as("a small list is sent whole").isZero();
        }
    }

    @Test
    void aPtpmeshListIsNotForPtptest2014Clients() {
        // which is why the server picks the audience by what the client registered with
        Message single = ClientListPager.paginate(HEADER, entries(3, 6), 5, ClientListPager.Audience.PTPMESH).messages().get(0);
        assertThat(readAsPtptest2014(Codec.encode(single))).isNull();
    }

    @Test
    void pagesOfAnOlderListAreIgnoredOnceANewerOneStarted() {
        List<Message> old = ClientListPager.paginate(HEADER, entries(400, 4), 10, ClientListPager.Audience.PTPMESH).messages();
        List<Message> fresh = ClientListPager.paginate(HEADER, entries(400, 5), 11, ClientListPager.Audience.PTPMESH).messages();
        ClientListAssembler a = new ClientListAssembler(256, 100_000);
        a.accept(old.get(0));
        for (int i = 0; i < fresh.size() - 1; i++) {
            assertThat(a.accept(fresh.get(i))).isEmpty();
        }
        for (Message m : old) {
            assertThat(a.accept(m)).isEmpty();
        }
        assertThat(a.accept(fresh.get(fresh.size() - 1))).contains(entries(400, 5));
    }
}
