package org.ptpmesh.wire.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.ptpmesh.trace.Printable;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DecodeError;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvType;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.ValueKind;

/**
 * The JSON form of datagrams used by {@code ptpmesh wire decode/encode} and the conformance kit
 * (docs/protocol.md, "JSON form"). Integers are JSON numbers, or decimal strings above 2^53
 * where a double would lose digits; bytes are lowercase hex; JSON values are embedded as JSON;
 * BSON documents as canonical Extended JSON objects.
 */
public final class WireJson {

    /** Writes text values (an OBJNAME, an ERRTEXT: whatever a datagram carried) with {@link Printable}'s escapes. */
    public static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory().setCharacterEscapes(Printable.JSON_ESCAPES));
    /**
     * Reads JSON values (META, and lines given to {@code wire encode}) with numbers kept as
     * written (1.00 stays 1.00, 1e400 does not become Infinity), so a compact JSON value decodes
     * and encodes back to the same bytes.
     */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final long MAX_EXACT_DOUBLE = 1L << 53;
    /** Canonical Extended JSON keeps every BSON type (int32 vs int64, doubles), so it encodes back to the same bytes. */
    private static final JsonWriterSettings BSON_JSON = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

    private WireJson() {
    }

    /** {@code node} as one line of JSON, text escaped so that no datagram can drive the terminal it is printed on. */
    public static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes is always JSON", e);
        }
    }

    public static ObjectNode toJson(DecodeResult result) {
        if (result instanceof DecodeResult.Malformed m) {
            return errorJson(m.error());
        }
        DecodeResult.Decoded d = (DecodeResult.Decoded) result;
        ObjectNode o = NODES.objectNode();
        o.put("len", d.length());
        o.put("version", Datagram.VERSION);
        o.put("checksum", "ok");
        ArrayNode tlvs = o.putArray("tlvs");
        for (Tlv tlv : d.message().tlvs()) {
            tlvs.add(toJson(tlv));
        }
        MessageKind kind = d.message().kind();
        o.put("message", kind == null ? null : kind.name());
        int unknown = d.message().unknownCount();
        if (unknown > 0) {
            o.put("unknown_tlvs", unknown);
        }
        List<ReceiverRules.Violation> violations = d.violations();
        if (!violations.isEmpty()) {
            ArrayNode v = o.putArray("violations");
            violations.forEach(x -> v.add(x.toString()));
        }
        return o;
    }

    public static ObjectNode errorJson(DecodeError error) {
        ObjectNode o = NODES.objectNode();
        o.put("error", error.code().wireName());
        o.put("offset", error.offset());
        o.put("detail", error.detail());
        return o;
    }

    public static ObjectNode toJson(Tlv tlv) {
        ObjectNode o = NODES.objectNode();
        o.put("type", tlv.type());
        o.put("name", tlv.name());
        o.put("kind", tlv.kind().jsonName());
        if (tlv instanceof Tlv.UintTlv u) {
            if (Long.compareUnsigned(u.value(), MAX_EXACT_DOUBLE) > 0) {
                o.put("value", Long.toUnsignedString(u.value()));
            } else {
                o.put("value", u.value());
            }
            putWidthIfNotDefault(o, tlv.type(), u.width());
        } else if (tlv instanceof Tlv.IntTlv i) {
            if (i.value() > MAX_EXACT_DOUBLE || i.value() < -MAX_EXACT_DOUBLE) {
                o.put("value", Long.toString(i.value()));
            } else {
                o.put("value", i.value());
            }
            putWidthIfNotDefault(o, tlv.type(), i.width());
        } else if (tlv instanceof Tlv.AddressTlv a) {
            o.put("address", a.endpoint().host());
            o.put("port", a.endpoint().port());
        } else if (tlv instanceof Tlv.BytesTlv b) {
            o.put("hex", HEX.formatHex(b.value()));
        } else if (tlv instanceof Tlv.TextTlv t) {
            o.put("text", t.text());
        } else if (tlv instanceof Tlv.JsonTlv j) {
            o.set("json", parse(j.json()));
        } else if (tlv instanceof Tlv.BsonTlv b) {
            o.set("bson", parse(b.document().toJson(BSON_JSON)));
        } else if (tlv instanceof Tlv.UnknownTlv u) {
            o.put("hex", HEX.formatHex(u.value()));
        }
        return o;
    }

    /** The width is printed only when it is not the registry default, which the encoder takes when the width is left out. */
    private static void putWidthIfNotDefault(ObjectNode o, int type, int width) {
        if (width != TlvTypes.lookup(type).defaultWidth()) {
            o.put("width", width);
        }
    }

    /**
     * Reads the JSON form back into a message. Accepts what {@link #toJson} writes; {@code type}
     * or {@code name} names the TLV, {@code kind} (if given) must match the registry.
     *
     * @throws IllegalArgumentException saying which TLV is wrong and why
     */
    public static Message fromJson(JsonNode datagram) {
        if (!datagram.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with a \"tlvs\" array");
        }
        JsonNode version = datagram.get("version");
        if (version != null && version.asInt(-1) != Datagram.VERSION) {
            throw new IllegalArgumentException("\"version\" must be " + Datagram.VERSION);
        }
        JsonNode tlvs = datagram.get("tlvs");
        if (tlvs == null || !tlvs.isArray()) {
            throw new IllegalArgumentException("expected a \"tlvs\" array");
        }
        Message.Builder b = Message.builder();
        int index = 0;
        for (JsonNode t : tlvs) {
            try {
                b.add(tlvFromJson(t));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tlvs[" + index + "]: " + e.getMessage(), e);
            }
            index++;
        }
        return b.build();
    }

    private static Tlv tlvFromJson(JsonNode t) {
        int type = typeOf(t);
        TlvType registered = TlvTypes.lookup(type);
        ValueKind kind = registered == null ? ValueKind.UNKNOWN : registered.kind();
        JsonNode kindNode = t.get("kind");
        if (kindNode != null && ValueKind.fromJsonName(kindNode.asText()) != kind) {
            throw new IllegalArgumentException(TlvTypes.nameOf(type) + " is " + kind.jsonName() + ", not " + kindNode.asText());
        }
        switch (kind) {
            case UINT: {
                long v = integer(t, true);
                return new Tlv.UintTlv(type, v, width(t, registered));
            }
            case INT:
                return new Tlv.IntTlv(type, integer(t, false), width(t, registered));
            case ADDRESS:
                return new Tlv.AddressTlv(type, Endpoint.of(string(t, "address"), port(t)));
            case BYTES:
                return new Tlv.BytesTlv(type, hex(t));
            case TEXT:
                return new Tlv.TextTlv(type, string(t, "text"));
            case JSON: {
                JsonNode json = t.get("json");
                if (json == null) { // JSON null is a value here, not an absence
                    throw new IllegalArgumentException("missing \"json\"");
                }
                return new Tlv.JsonTlv(type, json.toString());
            }
            case BSON:
                return new Tlv.BsonTlv(type, bson(t));
            default:
                return new Tlv.UnknownTlv(type, hex(t));
        }
    }

    private static int typeOf(JsonNode t) {
        JsonNode type = t.get("type");
        if (type != null) {
            if (!type.isIntegralNumber() || !type.canConvertToInt() || type.asInt() < 0 || type.asInt() > 255) {
                throw new IllegalArgumentException("\"type\" must be a number 0-255");
            }
            return type.asInt();
        }
        JsonNode name = t.get("name");
        if (name == null) {
            throw new IllegalArgumentException("each TLV needs \"type\" (0-255) or \"name\"");
        }
        TlvType byName = TlvTypes.byName(name.asText());
        if (byName == null) {
            throw new IllegalArgumentException("no TLV type named \"" + name.asText() + "\"; give its number as \"type\"");
        }
        return byName.code();
    }

    private static long integer(JsonNode t, boolean unsigned) {
        JsonNode v = required(t, "value");
        try {
            if (v.isIntegralNumber() && unsigned) {
                BigInteger n = v.bigIntegerValue();
                if (n.signum() < 0 || n.compareTo(TWO_TO_THE_64) >= 0) {
                    throw new ArithmeticException();
                }
                return n.longValue(); // 2^63 and above come back negative: the same 64 bits
            }
            if (v.isIntegralNumber()) {
                return v.bigIntegerValue().longValueExact();
            }
            if (v.isTextual()) {
                return unsigned ? Long.parseUnsignedLong(v.asText()) : Long.parseLong(v.asText());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("\"value\" " + v + " is out of range for a 64-bit "
                    + (unsigned ? "unsigned" : "signed") + " integer");
        }
        throw new IllegalArgumentException("\"value\" must be an integer (or a decimal string)");
    }

    private static int width(JsonNode t, TlvType registered) {
        JsonNode w = t.get("width");
        if (w == null) {
            return registered.defaultWidth();
        }
        if (!w.isIntegralNumber() || !w.canConvertToInt()) {
            throw new IllegalArgumentException("\"width\" must be 1, 2, 4 or 8, not " + w);
        }
        return w.asInt();
    }

    private static int port(JsonNode t) {
        JsonNode p = required(t, "port");
        if (!p.isIntegralNumber() || !p.canConvertToInt() || p.asInt() < 0 || p.asInt() > 0xFFFF) {
            throw new IllegalArgumentException("\"port\" must be a number 0-65535, not " + p);
        }
        return p.asInt();
    }

    private static String string(JsonNode t, String field) {
        JsonNode v = required(t, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a JSON string, not " + v);
        }
        return v.asText();
    }

    /** The BSON bytes of a {@code "bson"} object in Extended JSON (what {@link #toJson} writes). */
    private static byte[] bson(JsonNode t) {
        JsonNode json = required(t, "bson");
        if (!json.isObject()) {
            throw new IllegalArgumentException("\"bson\" must be a JSON object (a BSON document), not " + json);
        }
        BsonDocument doc;
        try {
            doc = BsonDocument.parse(json.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"bson\" is not Extended JSON BSON can read: " + e.getMessage(), e);
        }
        RawBsonDocument raw = new RawBsonDocument(doc, new BsonDocumentCodec());
        byte[] bytes = new byte[raw.getByteBuffer().remaining()];
        raw.getByteBuffer().get(bytes);
        return bytes;
    }

    private static byte[] hex(JsonNode t) {
        String text = string(t, "hex");
        try {
            return HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"hex\" is not an even number of hex digits");
        }
    }

    private static JsonNode required(JsonNode t, String field) {
        JsonNode v = t.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return v;
    }

    /** Parses one line of the JSON form (what {@code wire encode} reads). */
    public static JsonNode read(String line) throws JsonProcessingException {
        return EXACT.readTree(line);
    }

    private static JsonNode parse(String json) {
        try {
            return EXACT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value was checked as JSON when decoded", e);
        }
    }
}
