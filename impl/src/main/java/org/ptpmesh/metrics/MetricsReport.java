package org.ptpmesh.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Optional;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.TlvTypes;

/**
 * One client's figures about one peer, as the ASCII JSON a client puts in a REGISTER's META TLV
 * (at most 253 bytes, so the keys are short):
 *
 * <pre>
 * {"peer":"127.0.0.1:40001","id":"00..0f","tx":12,"rx":12,"ack":11,"lost":1,
 *  "rtt":[last,mean,min,max],"jit":0.4}
 * </pre>
 *
 * RTT and jitter are milliseconds; {@code id} is left out for peers listed without one.
 */
public record MetricsReport(Endpoint peer, byte[] peerId, MetricsSnapshot metrics) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("peer", peer.toString());
        if (peerId != null) {
            o.put("id", HexFormat.of().formatHex(peerId));
        }
        o.put("tx", metrics.sent()).put("rx", metrics.received()).put("ack", metrics.acked()).put("lost", metrics.lost());
        ArrayNode rtt = o.putArray("rtt");
        rtt.add(metrics.rttLast()).add(round(metrics.rttMean())).add(metrics.rttMin()).add(metrics.rttMax());
        o.put("jit", round(metrics.jitter()));
        String text = o.toString();
        if (text.length() > TlvTypes.MAX_VALUE_LENGTH) {
            throw new IllegalStateException("report of " + text.length() + " bytes does not fit META: " + text);
        }
        return text;
    }

    /**
     * Reads a META value. ptptest 2014 clients put other JSON there, so anything that is not a
     * report gives empty, never an exception.
     */
    public static Optional<MetricsReport> parse(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            if (o == null || !o.isObject() || !o.path("peer").isTextual() || !o.path("rtt").isArray()
                    || o.path("rtt").size() != 4) {
                return Optional.empty();
            }
            Endpoint peer = Endpoint.parse(o.get("peer").asText());
            byte[] id = o.path("id").isTextual() ? HexFormat.of().parseHex(o.get("id").asText()) : null;
            if (id != null && id.length != TlvTypes.PEER_ID_LENGTH) {
                return Optional.empty();
            }
            JsonNode rtt = o.get("rtt");
            return Optional.of(new MetricsReport(peer, id, new MetricsSnapshot(
                    o.path("tx").asLong(), o.path("rx").asLong(), o.path("ack").asLong(), o.path("lost").asLong(),
                    rtt.get(0).asLong(), rtt.get(1).asDouble(), rtt.get(2).asLong(), rtt.get(3).asLong(),
                    o.path("jit").asDouble())));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
