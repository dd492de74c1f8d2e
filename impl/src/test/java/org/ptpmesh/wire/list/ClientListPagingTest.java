package org.ptpmesh.wire.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.MessageRules;
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
            list.add(new ClientEntry(ext, i % 3 == 0 ? Endpoint.of("192.168.1." + (i % 250 + 1), 3456) : null, id, i % 4));
        }
        return list;
    }

    @Property(tries = 200)
    void pagesReassembleToTheOriginalListInAnyArrivalOrder(@ForAll @IntRange(min = 0, max = 400) int n, @ForAll long seed) {
        List<ClientEntry> original = entries(n, seed);
        List<Message> pages = new ArrayList<>(ClientListPager.paginate(HEADER, original, 77, ClientListPager.Audience.PTPMESH).messages());
        Collections.shuffle(pages, new Random(seed));
        ClientListAssembler assembler = new ClientListAssembler();
        Optional<List<ClientEntry>> result = Optional.empty();
        for (int i = 0; i < pages.size(); i++) {
            byte[] wire = Codec.encode(pages.get(i));
            assertThat(wire.length).isLessThanOrEqualTo(Datagram.MAX_SIZE);
            Message decoded = ((DecodeResult.Decoded) Codec.decode(wire)).message();
            assertThat(decoded.kind()).isEqualTo(MessageKind.LIST);
            assertThat(MessageRules.check(decoded)).isEmpty();
            result = assembler.accept(decoded);
            // complete exactly when the last missing page arrives, never before
            assertThat(result.isPresent()).isEqualTo(i == pages.size() - 1);
        }
        assertThat(result).contains(original);
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

    @Test
    void pagesOfAnOlderListAreIgnoredOnceANewerOneStarted() {
        List<Message> old = ClientListPager.paginate(HEADER, entries(400, 4), 10, ClientListPager.Audience.PTPMESH).messages();
        List<Message> fresh = ClientListPager.paginate(HEADER, entries(400, 5), 11, ClientListPager.Audience.PTPMESH).messages();
        ClientListAssembler a = new ClientListAssembler();
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
