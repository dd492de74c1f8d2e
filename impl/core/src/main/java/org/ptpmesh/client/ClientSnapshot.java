package org.ptpmesh.client;

import java.util.List;
import org.ptpmesh.metrics.MetricsSnapshot;

/**
 * The client's state as the console UI and the tests read it, taken on the event loop and
 * handed to other threads whole (immutable).
 *
 * @param yourAddress the client's address as the server sees it, null until the server answered
 * @param fullForm    whether the server showed it speaks ptpmesh, so the client registers in the
 *                    full form rather than ptptest 2014's shape
 * @param serverRtt   ms, -1 until the server echoed a registration
 * @param dropped     datagrams not acted on: malformed, breaking their kind's rules, or from
 *                    a sender not in the latest list
 * @param portMapping the port the gateway forwards to the client ({@code pcp 198.51.100.7:40000}), null when none
 */
public record ClientSnapshot(long takenAt, String server, String yourAddress, boolean registered, boolean fullForm,
                             long serverRtt, long listsReceived, long dropped, List<PeerRow> peers, String portMapping) {

    /** One peer of the latest list. */
    public record PeerRow(String address, String id, int nat, String state, MetricsSnapshot metrics) {
    }

    public static ClientSnapshot initial(String server) {
        return new ClientSnapshot(0, server, null, false, false, -1, 0, 0, List.of(), null);
    }
}
