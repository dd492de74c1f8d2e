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
import java.util.Arrays;
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
import org.ptpmesh.wire.Utf8;
import org.ptpmesh.wire.ValueKind;

/**
 * The JSON form of datagrams used by {@code ptpmesh wire decode/encode} and the conformance kit
 * (docs/protocol.md, "JSON form"). Integers are JSON numbers, or decimal strings above 2^53
 * where a double would lose digits; bytes are lowercase hex; JSON values are embedded as JSON;
 * BSON documents as canonical Extended JSON objects.
 *
 * <p>Whatever the decoder accepts, {@link #fromJson} of {@link #line}'s output encodes back to
 * the same bytes: each field that is left out (an integer's width, a JSON value's text, a BSON
 * document's bytes) is one that the encoder derives to the same bytes. Where it would not (META
 * written with spaces, as Python's {@code json.dumps} does), the value's exact text or bytes are
 * printed beside the parsed view, and an encoder given both refuses them when they disagree, so
 * an edit to one is never silently lost to the other.
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
            JsonNode value = parse(j.json());
            o.set("json", value);
            if (!compact(value).equals(j.json())) {
                o.put("text", j.json());
            }
        } else if (tlv instanceof Tlv.BsonTlv b) {
            JsonNode document = documentJson(b);
            o.set("bson", document);
            if (!Arrays.equals(bsonBytesOrNull(document), b.raw())) {
                o.put("hex", HEX.formatHex(b.raw()));
            }
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
            case JSON:
                return new Tlv.JsonTlv(type, jsonText(t));
            case BSON:
                return new Tlv.BsonTlv(type, bsonBytes(t, type));
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

    /**
     * A JSON value's text: {@code "text"} as given, else {@code "json"} written compactly. Given
     * both, they must be the same value: the text is what is sent, and an edit to the other
     * must not be dropped without a word.
     */
    private static String jsonText(JsonNode t) {
        JsonNode json = t.get("json"); // JSON null is a value here, not an absence
        JsonNode text = t.get("text");
        if (text == null || text.isNull()) {
            if (json == null) {
                throw new IllegalArgumentException("missing \"json\" (or its exact \"text\")");
            }
            return compact(json);
        }
        String exact = string(t, "text");
        if (json != null && !json.equals(parseText(exact))) {
            throw new IllegalArgumentException("\"json\" and \"text\" are different values: \"text\" is sent as written,"
                    + " so edit one and remove the other");
        }
        return exact;
    }

    private static JsonNode parseText(String text) {
        try {
            return EXACT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("\"text\" is not a JSON value: " + e.getOriginalMessage(), e);
        }
    }

    /** A BSON document's bytes: {@code "hex"} as given, else {@code "bson"}'s Extended JSON; both must agree, as for JSON. */
    private static byte[] bsonBytes(JsonNode t, int type) {
        JsonNode hex = t.get("hex");
        if (hex == null || hex.isNull()) {
            return bson(required(t, "bson"));
        }
        byte[] raw = hex(t);
        JsonNode document = t.get("bson");
        if (document != null && !document.equals(documentJson(raw, type))) {
            throw new IllegalArgumentException("\"bson\" and \"hex\" are different documents: \"hex\" is sent as written,"
                    + " so edit one and remove the other");
        }
        return raw;
    }

    private static JsonNode documentJson(byte[] raw, int type) {
        try {
            return documentJson(new Tlv.BsonTlv(type, raw));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"hex\" is not a BSON document: " + e.getMessage(), e);
        }
    }

    private static JsonNode documentJson(Tlv.BsonTlv tlv) {
        return parse(tlv.document().toJson(BSON_JSON));
    }

    /** The bytes {@link #bson} makes of a printed document, or null where it cannot make any. */
    private static byte[] bsonBytesOrNull(JsonNode document) {
        try {
            return bson(document);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The BSON bytes of a {@code "bson"} object in Extended JSON (what {@link #toJson} writes). */
    private static byte[] bson(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("\"bson\" must be a JSON object (a BSON document), not " + json);
        }
        String text = compact(json);
        int surrogate = Utf8.unpairedSurrogate(text, 0);
        if (surrogate >= 0) {
            throw new IllegalArgumentException(String.format("\"bson\" holds an unpaired surrogate U+%04X;"
                    + " BSON strings are UTF-8, which cannot encode it", (int) text.charAt(surrogate)));
        }
        RawBsonDocument raw;
        try {
            raw = new RawBsonDocument(BsonDocument.parse(text), new BsonDocumentCodec());
        } catch (RuntimeException e) { // unreadable Extended JSON, or what BSON cannot hold (a NUL in a key)
            throw new IllegalArgumentException("\"bson\" is not Extended JSON BSON can read: " + e.getMessage(), e);
        }
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

    /**
     * One line of the JSON form, as {@code wire decode} prints it: numbers as parsed (a tree keeps
     * them as read), text escaped
     * so that no datagram can drive the terminal it is printed on. An unpaired surrogate (META
     * may spell one as a six-character escape: backslash, u, four hex digits) is written as that
     * escape again, since UTF-8 output could not carry it.
     */
    public static String line(JsonNode node) {
        try {
            return escapeUnpairedSurrogates(MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes is always JSON", e);
        }
    }

    /** A JSON value written compactly, numbers as parsed: what the encoder sends for a {@code "json"} without {@code "text"}. */
    private static String compact(JsonNode node) {
        try {
            return EXACT.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    /** Only ever called on JSON text, where a surrogate can only stand inside a string. */
    private static String escapeUnpairedSurrogates(String json) {
        int at = Utf8.unpairedSurrogate(json, 0);
        if (at < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 5);
        int from = 0;
        while (at >= 0) {
            out.append(json, from, at).append(String.format("\\u%04x", (int) json.charAt(at)));
            from = at + 1;
            at = Utf8.unpairedSurrogate(json, from);
        }
        return out.append(json, from, json.length()).toString();
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
