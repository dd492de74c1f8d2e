package org.ptpmesh.wire.list;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * Splits a client list into datagrams of at most 1400 bytes (docs/protocol.md, "Client-list
 * paging"). A list that fits one datagram is sent exactly as ptptest 2014 sends it (no paging
 * TLVs); a larger list becomes numbered pages sharing a LISTID, each with its own CLIENTLEN.
 *
 * <p>ptptest 2014 clients cannot page and refuse TLV types they do not know, so for them
 * ({@link Audience#PTPTEST}) the list carries only ptptest 2014 TLVs and is cut to what one
 * datagram holds; {@link Pages#omitted()} says how many entries did not fit.
 */
public final class ClientListPager {

    /** Who will read the list. */
    public enum Audience {
        /** ptpmesh clients: MSGKIND, peer ids, NAT types and CLIENTLIST_KEYED, paging. */
        PTPMESH,
        /** ptptest 2014 clients: the TLVs ptptest 2014 knows only, one datagram. */
        PTPTEST
    }

    /** The datagrams of one publication, and the entries that could not be sent. */
    public record Pages(List<Message> messages, int omitted) {
    }

    /** CLIENTLEN is one byte wide, as ptptest 2014 writes it: at most 255 entries a page. */
    public static final int MAX_ENTRIES_PER_PAGE = 255;
    private static final int CLIENTLEN_SIZE = 3;
    private static final int PAGING_SIZE = (2 + 4) + (2 + 2) + (2 + 2);

    private ClientListPager() {
    }

    public static Pages paginate(ListHeader header, List<ClientEntry> entries, long listId, Audience audience) {
        return paginate(header, entries, listId, audience, MAX_ENTRIES_PER_PAGE);
    }

    /**
     * Pages of at most {@code entriesPerPage} entries each (and {@link Datagram#MAX_SIZE} bytes):
     * a small page size makes paging happen with a few clients, as a model with small pages
     * does (the model-based tests of the rendezvous).
     */
    public static Pages paginate(ListHeader header, List<ClientEntry> entries, long listId, Audience audience,
                                 int entriesPerPage) {
        if (entriesPerPage < 1 || entriesPerPage > MAX_ENTRIES_PER_PAGE) {
            throw new IllegalArgumentException("entries per page must be 1-" + MAX_ENTRIES_PER_PAGE + ", got " + entriesPerPage);
        }
        List<ClientEntry> sendable = audience == Audience.PTPTEST
                ? entries.stream().map(ClientEntry::legacyView).toList() : entries;
        int fixed = headerSize(header, audience);
        int total = fixed;
        for (ClientEntry e : sendable) {
            total += entrySize(e);
        }
        if (total <= Datagram.MAX_SIZE && sendable.size() <= entriesPerPage) {
            return new Pages(List.of(page(header, sendable, audience, listId, -1, 0)), 0);
        }
        if (audience == Audience.PTPTEST) {
            List<ClientEntry> first = fill(sendable, 0, fixed, entriesPerPage);
            return new Pages(List.of(page(header, first, audience, listId, -1, 0)), sendable.size() - first.size());
        }
        List<List<ClientEntry>> groups = new ArrayList<>();
        for (int from = 0; from < sendable.size(); ) {
            List<ClientEntry> group = fill(sendable, from, fixed + PAGING_SIZE, entriesPerPage);
            if (group.isEmpty()) {
                throw new IllegalStateException("a single client entry does not fit a page");
            }
            groups.add(group);
            from += group.size();
        }
        List<Message> pages = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            pages.add(page(header, groups.get(i), audience, listId, i, groups.size()));
        }
        return new Pages(pages, 0);
    }

    private static List<ClientEntry> fill(List<ClientEntry> entries, int from, int used, int entriesPerPage) {
        List<ClientEntry> group = new ArrayList<>();
        for (int i = from; i < entries.size(); i++) {
            int size = entrySize(entries.get(i));
            if (used + size > Datagram.MAX_SIZE || group.size() == entriesPerPage) {
                break;
            }
            used += size;
            group.add(entries.get(i));
        }
        return group;
    }

    private static Message page(ListHeader h, List<ClientEntry> entries, Audience audience, long listId, int page, int pages) {
        Message.Builder b = Message.builder();
        if (audience == Audience.PTPMESH) {
            b.uint(TlvTypes.MSGKIND, MessageKind.LIST.code());
        }
        b.uint(TlvTypes.SERVERVER, h.serverVersion())
                .uint(TlvTypes.SEQUENCE, h.sequence())
                .bytes(TlvTypes.UUID, h.addresseeId())
                .uint(TlvTypes.MYTS, h.myts())
                .address(TlvTypes.YOURADDR, h.yourAddress());
        if (page >= 0) {
            b.uint(TlvTypes.LISTID, listId).uint(TlvTypes.PAGE, page).uint(TlvTypes.PAGECOUNT, pages);
        }
        for (ClientEntry e : entries) {
            b.address(TlvTypes.CLIENTLIST_EXT, e.external());
            if (e.internal() != null) {
                b.address(TlvTypes.CLIENTLIST_INT, e.internal());
            }
            if (e.id() != null) {
                b.bytes(TlvTypes.CLIENTLIST_ID, e.id());
            }
            if (e.nat() >= 0) {
                b.uint(TlvTypes.CLIENTLIST_NAT, e.nat());
            }
            if (e.keyed() >= 0) {
                b.uint(TlvTypes.CLIENTLIST_KEYED, e.keyed());
            }
        }
        b.uint(TlvTypes.CLIENTLEN, entries.size(), 1);
        return b.build();
    }

    private static int headerSize(ListHeader h, Audience audience) {
        int size = Datagram.VERSION_SIZE + 3 + 6 + 18 + 10 + addressSize(h.yourAddress()) + CLIENTLEN_SIZE
                + Datagram.CHECKSUM_SIZE;
        return audience == Audience.PTPMESH ? size + 3 : size;
    }

    private static int entrySize(ClientEntry e) {
        int size = addressSize(e.external());
        if (e.internal() != null) {
            size += addressSize(e.internal());
        }
        if (e.id() != null) {
            size += 2 + TlvTypes.PEER_ID_LENGTH;
        }
        if (e.nat() >= 0) {
            size += 3;
        }
        if (e.keyed() >= 0) {
            size += 3;
        }
        return size;
    }

    private static int addressSize(Endpoint e) {
        return 2 + (e.isIpv4() ? 6 : 18);
    }
}
