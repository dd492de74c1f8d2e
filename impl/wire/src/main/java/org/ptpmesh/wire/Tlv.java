package org.ptpmesh.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;

/**
 * One decoded TLV value, typed by its registered kind. Used where convenience beats speed
 * (tools, tests, the conformance kit); hot paths read a {@link DatagramView} instead.
 */
public sealed interface Tlv {

    int type();

    ValueKind kind();

    /** Appends this TLV to a datagram being written. */
    void writeTo(DatagramWriter writer);

    default String name() {
        return TlvTypes.nameOf(type());
    }

    /** An unsigned integer; {@code width} is the number of bytes on the wire. */
    record UintTlv(int type, long value, int width) implements Tlv {
        public ValueKind kind() {
            return ValueKind.UINT;
        }

        public void writeTo(DatagramWriter w) {
            w.putUint(type, value, width);
        }
    }

    /** A signed integer. */
    record IntTlv(int type, long value, int width) implements Tlv {
        public ValueKind kind() {
            return ValueKind.INT;
        }

        public void writeTo(DatagramWriter w) {
            w.putInt(type, value, width);
        }
    }

    record AddressTlv(int type, Endpoint endpoint) implements Tlv {
        public ValueKind kind() {
            return ValueKind.ADDRESS;
        }

        public void writeTo(DatagramWriter w) {
            w.putAddress(type, endpoint);
        }
    }

    record BytesTlv(int type, byte[] value) implements Tlv {
        public BytesTlv {
            value = value.clone();
        }

        public byte[] value() {
            return value.clone();
        }

        public ValueKind kind() {
            return ValueKind.BYTES;
        }

        public void writeTo(DatagramWriter w) {
            w.putBytes(type, value, 0, value.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesTlv b && b.type == type && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BytesTlv[" + TlvTypes.nameOf(type) + "=" + HexFormat.of().formatHex(value) + "]";
        }
    }

    record TextTlv(int type, String text) implements Tlv {
        public ValueKind kind() {
            return ValueKind.TEXT;
        }

        public void writeTo(DatagramWriter w) {
            w.putText(type, text);
        }
    }

    /** JSON kept as its exact text, so a decoded datagram re-encodes byte for byte. */
    record JsonTlv(int type, String json) implements Tlv {
        public ValueKind kind() {
            return ValueKind.JSON;
        }

        public void writeTo(DatagramWriter w) {
            w.putJson(type, json);
        }
    }

    /** BSON kept as its raw document bytes; {@link #document()} parses them. */
    record BsonTlv(int type, byte[] raw) implements Tlv {
        public BsonTlv {
            raw = raw.clone();
        }

        public byte[] raw() {
            return raw.clone();
        }

        public BsonDocument document() {
            try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(raw))) {
                return new BsonDocumentCodec().decode(reader, DecoderContext.builder().build());
            }
        }

        public ValueKind kind() {
            return ValueKind.BSON;
        }

        public void writeTo(DatagramWriter w) {
            w.putBson(type, raw);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BsonTlv b && b.type == type && Arrays.equals(b.raw, raw);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(raw);
        }

        @Override
        public String toString() {
            return "BsonTlv[" + TlvTypes.nameOf(type) + "=" + document().toJson() + "]";
        }
    }

    /** A type the registry does not know, kept opaque so it can be reported and forwarded. */
    record UnknownTlv(int type, byte[] value) implements Tlv {
        public UnknownTlv {
            value = value.clone();
        }

        public byte[] value() {
            return value.clone();
        }

        public ValueKind kind() {
            return ValueKind.UNKNOWN;
        }

        public void writeTo(DatagramWriter w) {
            w.putRaw(type, value, 0, value.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownTlv u && u.type == type && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "UnknownTlv[" + type + "=" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** Reads TLV {@code i} of a checked view into its typed form. */
    static Tlv from(DatagramView view, int i) {
        int type = view.type(i);
        switch (TlvTypes.kindOf(type)) {
            case UINT:
                return new UintTlv(type, view.uint(i), view.valueLength(i));
            case INT:
                return new IntTlv(type, view.sint(i), view.valueLength(i));
            case ADDRESS:
                return new AddressTlv(type, view.address(i));
            case BYTES:
                return new BytesTlv(type, view.value(i));
            case TEXT:
                return new TextTlv(type, new String(view.value(i), StandardCharsets.UTF_8));
            case JSON:
                return new JsonTlv(type, new String(view.value(i), StandardCharsets.UTF_8));
            case BSON:
                return new BsonTlv(type, view.value(i));
            default:
                return new UnknownTlv(type, view.value(i));
        }
    }
}
