package org.ptpmesh.rendezvous;

import java.util.List;
import java.util.Map;

/**
 * The server's state as the console UI shows it, taken on the event loop and handed to other
 * threads whole (immutable).
 */
public record ServerSnapshot(long takenAt, int clients, long publications, long datagramsIn, long datagramsOut,
                             Map<String, Long> drops, List<Row> rows) {

    /** One registered client: rttMillis -1 until it echoed a list. */
    public record Row(String id, String external, String internal, int nat, String audience, long lastSeen,
                      long rttMillis) {
    }

    public static final ServerSnapshot EMPTY = new ServerSnapshot(0, 0, 0, 0, 0, Map.of(), List.of());
}
