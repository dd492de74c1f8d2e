package org.ptpmesh.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ptpmesh.analytics.AnalyticsStore.PairRow;
import org.ptpmesh.rendezvous.ServerSnapshot;

/**
 * The page's RTT and loss matrix: the first {@link WebDefaults#MATRIX_CLIENTS} registered clients
 * and the latest report between each two of them. Capped here rather than in the page, so that a
 * large mesh costs neither the server's JSON nor the browser more than the matrix shows.
 */
final class Matrix {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Matrix() {
    }

    /**
     * @param pairs the latest report of each reporter about each peer; a peer is named by its id
     *              when the report gave one, else by the address it was measured at
     */
    static ObjectNode of(ServerSnapshot s, List<PairRow> pairs, int cap) {
        Set<String> shown = new LinkedHashSet<>();
        Map<String, String> byAddress = new HashMap<>();
        for (ServerSnapshot.Row r : s.rows()) {
            byAddress.put(r.external(), r.id());
            byAddress.put(r.internal(), r.id());
            if (shown.size() < cap) {
                shown.add(r.id());
            }
        }
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode ids = root.putArray("clients");
        shown.forEach(ids::add);
        // counted against every registered client, not the snapshot's rows, which list the first only
        root.put("leftOut", Math.max(0, s.clients() - shown.size()));
        ArrayNode cells = root.putArray("cells");
        for (PairRow p : pairs) {
            String peer = p.peerId() != null ? p.peerId() : byAddress.get(p.peer());
            if (shown.contains(p.reporter()) && peer != null && shown.contains(peer)) {
                ObjectNode cell = MAPPER.valueToTree(p.metrics());
                cells.add(cell.put("reporter", p.reporter()).put("peer", peer).put("lossRatio", p.metrics().lossRatio())
                        .put("at", p.at()));
            }
        }
        return root;
    }
}
