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
 * arrived; pages of an older LISTID are dropped once a newer one is seen, and a single-page list
 * (no paging TLVs) is complete at once. One assembler per server a client listens to.
 */
public final class ClientListAssembler {

    private long currentListId = -1;
    private List<ClientEntry>[] pages;
    private int missing;

    /**
     * Takes one LIST datagram.
     *
     * @return the whole list when this datagram completed it
     */
    public Optional<List<ClientEntry>> accept(Message list) {
        OptionalLong listId = list.uint(TlvTypes.LISTID);
        OptionalLong page = list.uint(TlvTypes.PAGE);
        OptionalLong count = list.uint(TlvTypes.PAGECOUNT);
        List<ClientEntry> entries = entries(list);
        if (listId.isEmpty() || page.isEmpty() || count.isEmpty()) {
            return Optional.of(entries);
        }
        long id = listId.getAsLong();
        long n = count.getAsLong();
        long p = page.getAsLong();
        if (n < 1 || p >= n || n > 65535) {
            return Optional.empty();
        }
        if (id != currentListId) {
            if (isOlder(id)) {
                return Optional.empty();
            }
            start(id, (int) n);
        }
        if (pages.length != n) {
            return Optional.empty();
        }
        if (pages[(int) p] == null) {
            pages[(int) p] = entries;
            missing--;
        }
        if (missing > 0) {
            return Optional.empty();
        }
        List<ClientEntry> all = new ArrayList<>();
        for (List<ClientEntry> part : pages) {
            all.addAll(part);
        }
        return Optional.of(all);
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
                        : new ClientEntry(current.external(), ((Tlv.AddressTlv) tlv).endpoint(), current.id(), current.nat());
                case TlvTypes.CLIENTLIST_ID -> current = current == null ? null
                        : new ClientEntry(current.external(), current.internal(), ((Tlv.BytesTlv) tlv).value(), current.nat());
                case TlvTypes.CLIENTLIST_NAT -> current = current == null ? null
                        : new ClientEntry(current.external(), current.internal(), current.id(), (int) ((Tlv.UintTlv) tlv).value());
                default -> {
                }
            }
        }
        if (current != null) {
            out.add(current);
        }
        return out;
    }

    /** List ids grow by one per publication and wrap at 2^32; compare them in a window. */
    private boolean isOlder(long id) {
        if (currentListId < 0) {
            return false;
        }
        long delta = (id - currentListId) & 0xFFFF_FFFFL;
        return delta >= 0x8000_0000L;
    }

    @SuppressWarnings("unchecked")
    private void start(long id, int count) {
        currentListId = id;
        pages = new List[count];
        missing = count;
    }
}
