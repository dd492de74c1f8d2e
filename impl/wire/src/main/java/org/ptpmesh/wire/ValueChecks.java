package org.ptpmesh.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;

/** Checks one TLV value against its registered type; shared by the decoder and the encoder. */
final class ValueChecks {

    private static final JsonFactory JSON = new JsonFactory();
    private static final BsonDocumentCodec BSON = new BsonDocumentCodec();

    private static final byte SHAPE_UNKNOWN = 0;
    private static final byte SHAPE_INTEGER = 1;
    private static final byte SHAPE_ADDRESS = 2;
    private static final byte SHAPE_RANGE = 3;
    /** Text, JSON, BSON: the length alone does not tell. */
    private static final byte SHAPE_PARSED = 4;
    private static final byte[] SHAPES = new byte[256];
    private static final short[] MIN = new short[256];
    private static final short[] MAX = new short[256];

    static {
        for (TlvType t : TlvTypes.all()) {
            int c = t.code();
            switch (t.kind()) {
                case UINT, INT -> SHAPES[c] = SHAPE_INTEGER;
                case ADDRESS -> SHAPES[c] = SHAPE_ADDRESS;
                case BYTES -> SHAPES[c] = SHAPE_RANGE;
                default -> SHAPES[c] = SHAPE_PARSED;
            }
            MIN[c] = (short) t.lengths().min();
            MAX[c] = (short) t.lengths().max();
        }
    }

    private ValueChecks() {
    }

    /** Whether {@code type} is registered; array lookups only, for the per-datagram hot path. */
    static boolean isRegistered(int type) {
        return SHAPES[type] != SHAPE_UNKNOWN;
    }

    /**
     * True when a registered type's value is acceptable from its length alone (integers,
     * addresses, bytes); false means "run {@link #check}", which says what is wrong or parses.
     */
    static boolean acceptsByLength(int type, int len) {
        switch (SHAPES[type]) {
            case SHAPE_INTEGER:
                return len == 1 || len == 2 || len == 4 || len == 8;
            case SHAPE_ADDRESS:
                return len == 6 || len == 18;
            case SHAPE_RANGE:
                return len >= MIN[type] && len <= MAX[type];
            default:
                return false;
        }
    }

    /** @return null if the value is acceptable, else the error located at {@code tlvPos} */
    static DecodeError check(TlvType type, byte[] buf, int off, int len, int tlvPos) {
        String name = type.name();
        switch (type.kind()) {
            case UINT:
            case INT:
                if (!BigEndian.isIntegerWidth(len)) {
                    return new DecodeError(DecodeErrorCode.BAD_INT_WIDTH, tlvPos,
                            name + " is an integer of " + len + " bytes; integers are 1, 2, 4 or 8 bytes");
                }
                return null;
            case ADDRESS:
                if (len != 6 && len != 18) {
                    return new DecodeError(DecodeErrorCode.BAD_ADDRESS_LENGTH, tlvPos,
                            name + " is an address of " + len + " bytes; addresses are 6 (IPv4+port) or 18 (IPv6+port)");
                }
                return null;
            default:
                break;
        }
        if (!type.lengths().allows(len)) {
            return new DecodeError(DecodeErrorCode.BAD_LENGTH, tlvPos,
                    name + " value is " + len + " bytes; its type allows " + type.lengths());
        }
        switch (type.kind()) {
            case TEXT:
                return Utf8.isValid(buf, off, len) ? null
                        : new DecodeError(DecodeErrorCode.INVALID_TEXT, tlvPos, name + " is not valid UTF-8 text");
            case JSON:
                String jsonProblem = jsonProblem(buf, off, len);
                return jsonProblem == null ? null
                        : new DecodeError(DecodeErrorCode.INVALID_JSON, tlvPos, name + " is not one JSON value: " + jsonProblem);
            case BSON:
                String bsonProblem = bsonProblem(buf, off, len);
                return bsonProblem == null ? null
                        : new DecodeError(DecodeErrorCode.INVALID_BSON, tlvPos, name + " is not one BSON document: " + bsonProblem);
            default:
                return null;
        }
    }

    /** @return null if {@code buf[off, off+len)} is exactly one JSON value in UTF-8, else why not */
    static String jsonProblem(byte[] buf, int off, int len) {
        // Parsed from the UTF-8 text, not the bytes: Jackson's byte parser would also accept
        // UTF-16 or UTF-32 and skip a byte-order mark, and the decoded value (read as UTF-8)
        // would then not be the JSON that was checked.
        if (!Utf8.isValid(buf, off, len)) {
            return "not UTF-8 text";
        }
        try (JsonParser p = JSON.createParser(new String(buf, off, len, StandardCharsets.UTF_8))) {
            if (p.nextToken() == null) {
                return "empty";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "text after the value";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return firstLine(e.getMessage());
        }
    }

    /** @return null if {@code buf[off, off+len)} is exactly one BSON document, else why not */
    static String bsonProblem(byte[] buf, int off, int len) {
        int declared = (buf[off] & 0xFF) | (buf[off + 1] & 0xFF) << 8 | (buf[off + 2] & 0xFF) << 16 | (buf[off + 3] & 0xFF) << 24;
        if (declared != len) {
            return "document length field says " + declared + " bytes, value is " + len;
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(buf, off, len).slice())) {
            BsonDocument doc = BSON.decode(reader, DecoderContext.builder().build());
            return doc == null ? "empty" : null;
        } catch (RuntimeException e) {
            return firstLine(e.getMessage());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
