package org.ptpmesh.rendezvous;

import java.util.List;
import java.util.Map;

/**
 * The server's state as the console UI shows it, taken on the event loop and handed to other
 * threads whole (immutable). {@code rows} lists the first clients only; {@code clientsByNat}
 * counts every registered client by the NAT code it reported (-1: it did not say).
 */
public record ServerSnapshot(long takenAt, int clients, long publications, long datagramsIn, long datagramsOut,
                             Map<String, Long> drops, List<Row> rows, Map<Integer, Long> clientsByNat) {

    /**
     * One registered client: rttMillis -1 until it echoed a list; upnp as its registration's UPNP
     * said (1 mapped, 0 not), -1 when it did not say; mapped the mapped address it is listed at,
     * null when none; keyed whether its registration is bound to a key (docs/protocol.md 6.9),
     * else it is legacy.
     */
    public record Row(String id, String external, String internal, int nat, String audience, long lastSeen,
                      long rttMillis, int upnp, String mapped, boolean keyed) {

        /** How the UI and the JSON outputs name {@link #keyed}. */
        public String keying() {
            return keyed ? "keyed" : "legacy";
        }
    }

    public static final ServerSnapshot EMPTY = new ServerSnapshot(0, 0, 0, 0, 0, Map.of(), List.of(), Map.of());
}
