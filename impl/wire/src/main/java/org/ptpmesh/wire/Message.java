package org.ptpmesh.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A datagram's TLVs in wire order. Immutable; build one with {@link #builder()}, turn it into
 * bytes with {@link Codec#encode} and back with {@link Codec#decode}.
 */
public record Message(List<Tlv> tlvs) {

    public Message {
        tlvs = List.copyOf(tlvs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a message of a ptpmesh kind: MSGKIND first, then the sender's peer id. */
    public static Builder of(MessageKind kind, byte[] senderId) {
        return builder().uint(TlvTypes.MSGKIND, kind.code()).bytes(TlvTypes.UUID, senderId);
    }

    public boolean has(int type) {
        return tlvs.stream().anyMatch(t -> t.type() == type);
    }

    public Optional<Tlv> first(int type) {
        return tlvs.stream().filter(t -> t.type() == type).findFirst();
    }

    public List<Tlv> all(int type) {
        return tlvs.stream().filter(t -> t.type() == type).collect(Collectors.toList());
    }

    public OptionalLong uint(int type) {
        return first(type).filter(t -> t instanceof Tlv.UintTlv)
                .map(t -> OptionalLong.of(((Tlv.UintTlv) t).value())).orElse(OptionalLong.empty());
    }

    public Optional<Endpoint> address(int type) {
        return first(type).filter(t -> t instanceof Tlv.AddressTlv).map(t -> ((Tlv.AddressTlv) t).endpoint());
    }

    public Optional<byte[]> bytes(int type) {
        return first(type).filter(t -> t instanceof Tlv.BytesTlv).map(t -> ((Tlv.BytesTlv) t).value());
    }

    public Optional<String> text(int type) {
        return first(type).filter(t -> t instanceof Tlv.TextTlv).map(t -> ((Tlv.TextTlv) t).text());
    }

    /** Every PAYLOAD fragment, concatenated in order. */
    public byte[] payload() {
        return concatenated(TlvTypes.PAYLOAD);
    }

    /** The values of every TLV of bytes type {@code type} (PAYLOAD, NOISE, SEALED), concatenated in order. */
    public byte[] concatenated(int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv t : all(type)) {
            out.writeBytes(((Tlv.BytesTlv) t).value());
        }
        return out.toByteArray();
    }

    /** The explicit MSGKIND, or the kind inferred for a ptptest 2014 message; null if neither. */
    public MessageKind kind() {
        OptionalLong code = uint(TlvTypes.MSGKIND);
        if (code.isPresent()) {
            return MessageKind.fromCode(code.getAsLong());
        }
        return MessageKind.infer(this::has);
    }

    public int unknownCount() {
        return (int) tlvs.stream().filter(t -> t.kind() == ValueKind.UNKNOWN).count();
    }

    /** Builds a message TLV by TLV; integer widths default to the registry's. */
    public static final class Builder {
        private final List<Tlv> tlvs = new ArrayList<>();

        public Builder add(Tlv tlv) {
            tlvs.add(tlv);
            return this;
        }

        public Builder uint(int type, long value) {
            TlvType t = TlvTypes.lookup(type);
            return uint(type, value, t == null ? 8 : t.defaultWidth());
        }

        public Builder uint(int type, long value, int width) {
            return add(new Tlv.UintTlv(type, value, width));
        }

        public Builder sint(int type, long value, int width) {
            return add(new Tlv.IntTlv(type, value, width));
        }

        public Builder address(int type, Endpoint endpoint) {
            return add(new Tlv.AddressTlv(type, endpoint));
        }

        public Builder bytes(int type, byte[] value) {
            return add(new Tlv.BytesTlv(type, value));
        }

        public Builder text(int type, String text) {
            return add(new Tlv.TextTlv(type, text));
        }

        public Builder json(int type, String json) {
            return add(new Tlv.JsonTlv(type, json));
        }

        public Builder bson(int type, byte[] document) {
            return add(new Tlv.BsonTlv(type, document));
        }

        /** Splits {@code payload} into as many PAYLOAD TLVs as it needs (253 bytes each). */
        public Builder payload(byte[] payload) {
            return fragments(TlvTypes.PAYLOAD, payload);
        }

        /**
         * Splits {@code value} into as many TLVs of bytes type {@code type} (PAYLOAD, NOISE,
         * SEALED) as it needs, 253 bytes each; an empty value is one empty TLV.
         */
        public Builder fragments(int type, byte[] value) {
            int max = TlvTypes.MAX_VALUE_LENGTH;
            if (value.length == 0) {
                return bytes(type, value);
            }
            for (int off = 0; off < value.length; off += max) {
                bytes(type, Arrays.copyOfRange(value, off, Math.min(value.length, off + max)));
            }
            return this;
        }

        public Builder payload(String text) {
            return payload(text.getBytes(StandardCharsets.UTF_8));
        }

        public Message build() {
            return new Message(tlvs);
        }
    }
}
