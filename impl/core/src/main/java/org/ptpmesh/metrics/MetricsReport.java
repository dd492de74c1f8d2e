package org.ptpmesh.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

    private static final JsonFactory JSON = new JsonFactory();
    private static final int RTT_FIELDS = 4;

    public String toJson() {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("peer", peer.toString());
            if (peerId != null) {
                g.writeStringField("id", HexFormat.of().formatHex(peerId));
            }
            g.writeNumberField("tx", metrics.sent());
            g.writeNumberField("rx", metrics.received());
            g.writeNumberField("ack", metrics.acked());
            g.writeNumberField("lost", metrics.lost());
            g.writeArrayFieldStart("rtt");
            g.writeNumber(metrics.rttLast());
            g.writeNumber(round(metrics.rttMean()));
            g.writeNumber(metrics.rttMin());
            g.writeNumber(metrics.rttMax());
            g.writeEndArray();
            g.writeNumberField("jit", round(metrics.jitter()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a string writer failed", e);
        }
        String json = text.toString();
        if (json.length() > TlvTypes.MAX_VALUE_LENGTH) {
            throw new IllegalStateException("report of " + json.length() + " bytes does not fit META: " + json);
        }
        return json;
    }

    /**
     * Reads a META value. ptptest 2014 clients put other JSON there, so anything that is not a
     * report gives empty, never an exception.
     */
    public static Optional<MetricsReport> parse(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Map<String, Object> fields = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY && name.equals("rtt")) {
                    fields.put(name, numbers(p));
                } else if (value == JsonToken.VALUE_STRING) {
                    fields.put(name, p.getText());
                } else if (value.isNumeric()) {
                    fields.put(name, p.getNumberValue());
                } else {
                    p.skipChildren();
                }
            }
            return report(fields);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<MetricsReport> report(Map<String, Object> fields) {
        if (!(fields.get("peer") instanceof String peerText) || !(fields.get("rtt") instanceof Number[] rtt)
                || rtt.length != RTT_FIELDS) {
            return Optional.empty();
        }
        byte[] id = fields.get("id") instanceof String hex ? HexFormat.of().parseHex(hex) : null;
        if (id != null && id.length != TlvTypes.PEER_ID_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new MetricsReport(Endpoint.parse(peerText), id, new MetricsSnapshot(
                longOf(fields, "tx"), longOf(fields, "rx"), longOf(fields, "ack"), longOf(fields, "lost"),
                rtt[0].longValue(), rtt[1].doubleValue(), rtt[2].longValue(), rtt[3].longValue(),
                fields.get("jit") instanceof Number jit ? jit.doubleValue() : 0)));
    }

    /** The numbers of an array, or an array with a null where an element is not a number. */
    private static Number[] numbers(JsonParser p) throws IOException {
        List<Number> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (!t.isNumeric()) {
                throw new IllegalArgumentException("rtt holds a non-number");
            }
            out.add(p.getNumberValue());
        }
        return out.toArray(new Number[0]);
    }

    private static long longOf(Map<String, Object> fields, String name) {
        return fields.get(name) instanceof Number n ? n.longValue() : 0;
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
