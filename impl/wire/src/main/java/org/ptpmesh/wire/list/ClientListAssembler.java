package org.ptpmesh.wire.list;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;

/**
 * Puts a paged client list back together. A list is complete when every page of one LISTID has
 * arrived; a single-page list (no paging TLVs) is complete at once. One assembler per server a
 * client listens to.
 *
 * <p>What a hostile sender can make it hold is bounded: a list of more than {@code maxPages}
 * pages is refused, and a list keeps at most {@code maxEntries} entries (the rest are not kept).
 * LISTIDs cannot freeze it: a page of a list up to {@link #STALE_WINDOW} older than the one being
 * put together is late and dropped, and any other LISTID, however far ahead or behind, starts a
 * new list. So one forged page far ahead is replaced by the server's next list, and a server
 * that restarted and counts from 1 again is followed.
 */
public final class ClientListAssembler {

    /** How far back a LISTID counts as a late page of an earlier list (a server sends one list at a time). */
    public static final int STALE_WINDOW = 4;

    private final int maxPages;
    private final int maxEntries;
    private long currentListId = -1;
    private List<ClientEntry>[] pages;
    private int missing;
    private int held;
    private long refused;

    /**
     * @param maxPages   pages a list may have at most; a larger PAGECOUNT is refused
     * @param maxEntries entries of one list kept at most
     */
    public ClientListAssembler(int maxPages, int maxEntries) {
        if (maxPages < 1 || maxEntries < 0) {
            throw new IllegalArgumentException("maxPages must be positive and maxEntries not negative");
        }
        this.maxPages = maxPages;
        this.maxEntries = maxEntries;
    }

    /**
     * Takes one LIST datagram.
     *
     * @return the whole list when this datagram completed it
     */
    public Optional<List<ClientEntry>> accept(Message list) {
        OptionalLong listId = list.uint(TlvTypes.LISTID);
        OptionalLong page = list.uint(TlvTypes.PAGE);
        OptionalLong count = list.uint(TlvTypes.PAGECOUNT);
        if (listId.isEmpty() || page.isEmpty() || count.isEmpty()) {
            List<ClientEntry> entries = entries(list);
            return Optional.of(entries.size() > maxEntries ? List.copyOf(entries.subList(0, maxEntries)) : entries);
        }
        long id = listId.getAsLong();
        long n = count.getAsLong();
        long p = page.getAsLong();
        if (n < 1 || p >= n || n > maxPages) {
            refused++;
            return Optional.empty();
        }
        if (id != currentListId) {
            if (isLate(id)) {
                refused++;
                return Optional.empty();
            }
            start(id, (int) n);
        }
        if (pages.length != n) {
            refused++;
            return Optional.empty();
        }
        if (pages[(int) p] == null) {
            List<ClientEntry> entries = entries(list);
            int keep = Math.min(entries.size(), maxEntries - held);
            pages[(int) p] = keep == entries.size() ? entries : List.copyOf(entries.subList(0, keep));
            held += keep;
            missing--;
        }
        if (missing > 0) {
            return Optional.empty();
        }
        List<ClientEntry> all = new ArrayList<>(held);
        for (List<ClientEntry> part : pages) {
            all.addAll(part);
        }
        return Optional.of(all);
    }

    /** Pages refused: too many pages, a late LISTID, or a PAGECOUNT that changed within a list. */
    public long refused() {
        return refused;
    }

    /** The entries of one datagram: each CLIENTLIST_EXT opens an entry the next fields complete. */
    public static List<ClientEntry> entries(Message list) {
        List<ClientEntry> out = new ArrayList<>();
        ClientEntry current = null;
        for (Tlv tlv : list.tlvs()) {
            switch (tlv.type()) {
                case TlvTypes.CLIENTLIST_EXT -> {
                    if (current != null) {
                        out.add(current);
                    }
                    current = ClientEntry.of(((Tlv.AddressTlv) tlv).endpoint());
                }
                case TlvTypes.CLIENTLIST_INT -> current = current == null ? null
                        : new ClientEntry(current.external(), ((Tlv.AddressTlv) tlv).endpoint(), current.id(), current.nat(),
                        current.keyed());
                case TlvTypes.CLIENTLIST_ID -> current = current == null ? null
                        : new ClientEntry(current.external(), current.internal(), ((Tlv.BytesTlv) tlv).value(), current.nat(),
                        current.keyed());
                case TlvTypes.CLIENTLIST_NAT -> current = current == null ? null
                        : new ClientEntry(current.external(), current.internal(), current.id(), (int) ((Tlv.UintTlv) tlv).value(),
                        current.keyed());
                case TlvTypes.CLIENTLIST_KEYED -> current = current == null ? null
                        : new ClientEntry(current.external(), current.internal(), current.id(), current.nat(),
                        (int) Math.min(1, ((Tlv.UintTlv) tlv).value()));
                default -> {
                }
            }
        }
        if (current != null) {
            out.add(current);
        }
        return out;
    }

    /** List ids grow by one per list and wrap at 2^32: a late page is of a list just before the current one. */
    private boolean isLate(long id) {
        if (currentListId < 0) {
            return false;
        }
        long behind = (currentListId - id) & 0xFFFF_FFFFL;
        return behind >= 1 && behind <= STALE_WINDOW;
    }

    @SuppressWarnings("unchecked")
    private void start(long id, int count) {
        currentListId = id;
        pages = new List[count];
        missing = count;
        held = 0;
    }
}
