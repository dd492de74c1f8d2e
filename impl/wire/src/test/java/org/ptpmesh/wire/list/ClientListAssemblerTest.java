package org.ptpmesh.wire.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.TlvTypes;

/** What forged LIST pages can make a client hold, and that no LISTID freezes its view. */
class ClientListAssemblerTest {

    private static final ListHeader HEADER = new ListHeader(2, 9, new byte[16], 1L << 40, Endpoint.of("198.51.100.7", 40000));

    /** One page of a list claiming {@code count} pages, full of entries (as a forger makes them). */
    private static Message page(long listId, int page, int count) {
        List<ClientEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] id = new byte[16];
            id[0] = (byte) page;
            id[15] = (byte) i;
            entries.add(new ClientEntry(Endpoint.of("203.0.113." + (i + 1), 1000 + page % 60_000), null, id, 1));
        }
        Message single = ClientListPager.paginate(HEADER, entries, listId, ClientListPager.Audience.PTPMESH).messages().get(0);
        Message.Builder b = Message.builder();
        single.tlvs().forEach(t -> {
            if (t.type() != TlvTypes.CLIENTLEN) {
                b.add(t);
            }
        });
        return b.uint(TlvTypes.LISTID, listId).uint(TlvTypes.PAGE, page).uint(TlvTypes.PAGECOUNT, count)
                .uint(TlvTypes.CLIENTLEN, entries.size(), 1).build();
    }

    private static List<Message> list(long listId, int n) {
        return ClientListPager.paginate(HEADER, ClientListPagingTest.entries(n, listId), listId,
                ClientListPager.Audience.PTPMESH).messages();
    }

    private static java.util.Optional<List<ClientEntry>> feed(ClientListAssembler a, List<Message> pages) {
        java.util.Optional<List<ClientEntry>> last = java.util.Optional.empty();
        for (Message m : pages) {
            last = a.accept(m);
        }
        return last;
    }

    @Test
    void fourteenThousandForgedPagesOfPagecount65535AreRefusedWithoutHoldingThem() {
        ClientListAssembler a = new ClientListAssembler(256, 4_096);
        for (int i = 0; i < 14_000; i++) {
            assertThat(a.accept(page(7, i, 65_535))).isEmpty();
        }
        assertThat(a.refused()).isEqualTo(14_000);
    }

    @Test
    void aListKeepsAtMostItsEntryBoundHoweverManyPagesArrive() {
        ClientListAssembler a = new ClientListAssembler(256, 1_000);
        java.util.Optional<List<ClientEntry>> whole = java.util.Optional.empty();
        for (int i = 0; i < 256; i++) {
            whole = a.accept(page(9, i, 256));
        }
        assertThat(whole).hasValueSatisfying(l -> assertThat(l).hasSize(1_000));
    }

    @Property(tries = 200)
    void aForgedListidAnyDistanceAheadIsReplacedByTheServersNextList(@ForAll @LongRange(min = 1, max = 0xFFFF_FFFFL) long jump) {
        ClientListAssembler a = new ClientListAssembler(256, 4_096);
        assertThat(feed(a, list(100, 300))).isPresent();
        long forged = (100 + jump) & 0xFFFF_FFFFL;
        a.accept(page(forged, 0, 2));
        // the server's next lists are late only while the forged id is at most the stale window
        // ahead of them: the forger freezes nothing, and guessing close holds the view a few lists
        long ahead = (forged - 101) & 0xFFFF_FFFFL;
        int lost = 0;
        while (lost <= ClientListAssembler.STALE_WINDOW + 1 && feed(a, list(101 + lost, 300)).isEmpty()) {
            lost++;
        }
        assertThat(lost).isEqualTo(ahead <= ClientListAssembler.STALE_WINDOW ? (int) ahead + 1 : 0);
    }

    @Test
    void aServerThatRestartedAndCountsFromOneAgainIsFollowed() {
        ClientListAssembler a = new ClientListAssembler(256, 4_096);
        assertThat(feed(a, list(57, 300))).isPresent();
        assertThat(feed(a, list(1, 300))).isPresent();
        assertThat(feed(a, list(2, 300))).isPresent();
    }

    @Test
    void aPageOfTheListJustBeforeIsLate() {
        ClientListAssembler a = new ClientListAssembler(256, 4_096);
        List<Message> older = list(41, 300);
        List<Message> newer = list(42, 300);
        a.accept(newer.get(0));
        assertThat(feed(a, older)).isEmpty();
        assertThat(a.refused()).isEqualTo(older.size());
        assertThat(feed(a, newer.subList(1, newer.size()))).isPresent();
    }
}
