package org.ptpmesh.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import org.ptpmesh.analytics.AnalyticsStore;

/** What the analytics store holds as one JSON object: {@code ptpserver stats --json} and the dashboard's {@code /api/stats}. */
public final class StatsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatsJson() {
    }

    public static ObjectNode of(AnalyticsStore store) throws SQLException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode cs = root.putArray("clients");
        for (AnalyticsStore.ClientRow c : store.clients()) {
            ObjectNode o = MAPPER.valueToTree(c);
            // the META as the JSON value it is (the decoder checked it parses), not as a string
            o.set("lastMeta", c.lastMeta() == null ? MAPPER.nullNode() : parsedOrText(c.lastMeta()));
            if (c.lastMeta() == null) {
                o.putNull("lastMetaAt");
            }
            cs.add(o);
        }
        root.put("reports", store.reportCount());
        ArrayNode ps = root.putArray("pairs");
        for (AnalyticsStore.PairRow p : store.latestPairs()) {
            ObjectNode o = MAPPER.valueToTree(p.metrics());
            o.put("reporter", p.reporter()).put("peer", p.peer()).put("peerId", p.peerId()).put("at", p.at())
                    .put("lossRatio", p.metrics().lossRatio());
            ps.add(o);
        }
        root.set("drops", MAPPER.valueToTree(store.drops()));
        return root;
    }

    private static JsonNode parsedOrText(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }
}
