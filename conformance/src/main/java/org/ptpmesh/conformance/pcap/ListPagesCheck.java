package org.ptpmesh.conformance.pcap;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * A paged client list is sent whole (docs/protocol.md 6.2): every page of one LISTID toward one
 * addressee appears before a page of another LISTID to it, all with the same PAGECOUNT. A list
 * left incomplete at the end of the capture is a violation only if the capture went on for
 * {@link #GRACE_MICROS} after its first page (a server sends all pages of a list at once).
 */
final class ListPagesCheck implements FlowCheck {

    static final long GRACE_MICROS = 2_000_000;

    /** The list being sent on one flow: its id, page count, pages seen, first and last page. */
    private static final class OpenList {
        final long listId;
        final long pageCount;
        final TreeSet<Long> pages = new TreeSet<>();
        final long firstMicros;
        int lastIndex;

        OpenList(long listId, long pageCount, long firstMicros) {
            this.listId = listId;
            this.pageCount = pageCount;
            this.firstMicros = firstMicros;
        }

        boolean complete() {
            return pages.size() == pageCount;
        }

        String describe(DirectedFlow flow) {
            return "LISTID " + listId + " on " + flow + ": pages " + pages + " of " + pageCount + " seen";
        }
    }

    private final Map<DirectedFlow, OpenList> open = new HashMap<>();

    @Override
    public void observe(Observed packet, FindingSink sink) {
        OptionalLong listId = packet.message().uint(TlvTypes.LISTID);
        OptionalLong page = packet.message().uint(TlvTypes.PAGE);
        OptionalLong pageCount = packet.message().uint(TlvTypes.PAGECOUNT);
        if (packet.message().kind() != MessageKind.LIST || listId.isEmpty() || page.isEmpty() || pageCount.isEmpty()) {
            return;
        }
        DirectedFlow flow = DirectedFlow.of(packet.datagram());
        OpenList list = open.get(flow);
        if (list != null && list.listId != listId.getAsLong()) {
            if (!list.complete()) {
                sink.violation(list.lastIndex, new Finding("list_incomplete",
                        list.describe(flow) + " before LISTID " + listId.getAsLong() + " began"));
            }
            list = null;
        }
        if (list == null) {
            list = new OpenList(listId.getAsLong(), pageCount.getAsLong(), packet.datagram().timestampMicros());
            open.put(flow, list);
        } else if (list.pageCount != pageCount.getAsLong()) {
            sink.violation(packet.index(), new Finding("pagecount_changed", "LISTID " + list.listId + " said PAGECOUNT "
                    + list.pageCount + ", this page says " + pageCount.getAsLong()));
        }
        list.pages.add(page.getAsLong());
        list.lastIndex = packet.index();
    }

    @Override
    public void finish(long endMicros, FindingSink sink) {
        open.forEach((flow, list) -> {
            if (list.complete()) {
                return;
            }
            if (endMicros - list.firstMicros >= GRACE_MICROS) {
                sink.violation(list.lastIndex, new Finding("list_incomplete", list.describe(flow) + " by the end of the capture"));
            } else {
                sink.note(list.lastIndex, list.describe(flow) + " when the capture ended: not judged");
            }
        });
    }
}
