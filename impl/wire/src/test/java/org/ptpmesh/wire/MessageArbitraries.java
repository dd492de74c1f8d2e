package org.ptpmesh.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListPager;
import org.ptpmesh.wire.list.ListHeader;

/** Generators of valid messages of every kind, with random values for every field. */
public final class MessageArbitraries {

    private MessageArbitraries() {
    }

    public static Arbitrary<Message> anyMessage() {
        return Combinators.combine(Arbitraries.of(MessageKind.values()), Arbitraries.longs()).as(MessageArbitraries::randomMessage);
    }

    public static Arbitrary<byte[]> anyDatagram() {
        return anyMessage().map(Codec::encode);
    }

    static Arbitrary<Endpoint> endpoints() {
        return Arbitraries.longs().map(seed -> randomEndpoint(new Random(seed)));
    }

    /** A valid message of {@code kind}: required TLVs, a random subset of optional ones, valid values. */
    public static Message randomMessage(MessageKind kind, long seed) {
        Random r = new Random(seed);
        if (kind == MessageKind.LIST) {
            return randomList(r);
        }
        Message.Builder b = Message.builder().uint(TlvTypes.MSGKIND, kind.code(), 1);
        TreeSet<Integer> types = new TreeSet<>(kind.required());
        for (int optional : kind.optional()) {
            if (r.nextBoolean()) {
                types.add(optional);
            }
        }
        types.remove(TlvTypes.MSGKIND);
        int pattern = r.nextInt(2);
        for (int type : types) {
            if (type == TlvTypes.NOISE) {
                randomFragments(b, type, noiseLength(kind, pattern, r), r);
            } else if (type == TlvTypes.SEALED) {
                randomFragments(b, type, KeyedMessageRules.MIN_SEALED + r.nextInt(600), r);
            } else if (type == TlvTypes.PATTERN) {
                b.uint(type, pattern, new int[] {1, 2, 4, 8}[r.nextInt(4)]);
            } else if (type == TlvTypes.COUNTER) {
                b.uint(type, r.nextLong() == KeyedMessageRules.RESERVED_COUNTER ? 0 : r.nextLong(), 8);
            } else {
                int copies = kind.repeatable().contains(type) ? 1 + r.nextInt(3) : 1;
                for (int i = 0; i < copies; i++) {
                    b.add(randomTlv(TlvTypes.lookup(type), r));
                }
            }
        }
        if (r.nextInt(4) == 0) {
            b.add(new Tlv.UnknownTlv(111 + r.nextInt(139), randomBytes(r, r.nextInt(20))));
        }
        return b.build();
    }

    /** A length a Noise message of {@code kind} can have, for an init of {@code pattern} (0 XX, 1 IK). */
    static int noiseLength(MessageKind kind, int pattern, Random r) {
        return switch (kind) {
            case HANDSHAKE_INIT -> pattern == KeyedMessageRules.PATTERN_IK ? KeyedMessageRules.IK_INIT_NOISE
                    : KeyedMessageRules.XX_INIT_NOISE;
            case HANDSHAKE_RESP -> r.nextBoolean() ? KeyedMessageRules.IK_RESP_NOISE : KeyedMessageRules.XX_RESP_NOISE;
            case HANDSHAKE_FINISH -> KeyedMessageRules.XX_FINISH_NOISE;
            default -> throw new IllegalArgumentException(kind + " carries no NOISE");
        };
    }

    /** {@code length} random bytes as TLVs of {@code type} cut at random places (some may be empty), each at most 253 bytes. */
    static void randomFragments(Message.Builder b, int type, int length, Random r) {
        int left = length;
        do {
            int part = Math.min(left, r.nextInt(TlvTypes.MAX_VALUE_LENGTH + 1));
            b.bytes(type, randomBytes(r, part));
            left -= part;
        } while (left > 0);
    }

    private static Message randomList(Random r) {
        List<ClientEntry> entries = new ArrayList<>();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            entries.add(new ClientEntry(randomEndpoint(r), r.nextBoolean() ? randomEndpoint(r) : null,
                    r.nextBoolean() ? randomBytes(r, 16) : null, r.nextBoolean() ? r.nextInt(4) : -1));
        }
        ListHeader h = new ListHeader(2, r.nextInt() & 0xFFFFFFFFL, randomBytes(r, 16), r.nextLong(), randomEndpoint(r));
        return ClientListPager.paginate(h, entries, r.nextInt() & 0xFFFFFFFFL, ClientListPager.Audience.PTPMESH).messages().get(0);
    }

    public static Tlv randomTlv(TlvType type, Random r) {
        int code = type.code();
        switch (type.kind()) {
            case UINT: {
                int width = new int[] {1, 2, 4, 8}[r.nextInt(4)];
                long value = width == 8 ? r.nextLong() : r.nextLong() & ((1L << (8 * width)) - 1);
                return new Tlv.UintTlv(code, value, width);
            }
            case INT: {
                int width = new int[] {1, 2, 4, 8}[r.nextInt(4)];
                long value = (r.nextLong() << (64 - 8 * width)) >> (64 - 8 * width);
                return new Tlv.IntTlv(code, value, width);
            }
            case ADDRESS:
                return new Tlv.AddressTlv(code, randomEndpoint(r));
            case BYTES:
                return new Tlv.BytesTlv(code, randomBytes(r, randomLength(type.lengths(), r)));
            case TEXT: {
                int len = Math.max(type.lengths().min(), r.nextInt(40));
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    sb.append(i % 7 == 3 ? '\u00e9' : (char) ('a' + r.nextInt(26)));
                }
                return new Tlv.TextTlv(code, sb.toString());
            }
            case JSON:
                return new Tlv.JsonTlv(code, "{\"rtt_ms\":" + r.nextInt(1000) + ",\"loss\":" + (r.nextInt(100) / 100.0) + "}");
            case BSON: {
                BsonDocument doc = new BsonDocument("sent", new BsonInt64(r.nextInt(1_000_000)))
                        .append("peer", new BsonString(Long.toHexString(r.nextLong())));
                return new Tlv.BsonTlv(code, DatagramViewTest.bson(doc));
            }
            default:
                throw new IllegalArgumentException(type.toString());
        }
    }

    private static int randomLength(LengthRule rule, Random r) {
        int max = Math.min(rule.max(), 60);
        return rule.min() + (max > rule.min() ? r.nextInt(max - rule.min() + 1) : 0);
    }

    /** IPv4 mostly; a quarter IPv6, of which an eighth IPv4-mapped (::ffff:a.b.c.d), which must stay 18 bytes. */
    static Endpoint randomEndpoint(Random r) {
        byte[] ip = randomBytes(r, r.nextInt(4) == 0 ? 16 : 4);
        if (ip.length == 16 && r.nextInt(8) == 0) {
            Arrays.fill(ip, 0, 10, (byte) 0);
            ip[10] = (byte) 0xFF;
            ip[11] = (byte) 0xFF;
        }
        try {
            InetAddress address = ip.length == 16 ? Inet6Address.getByAddress(null, ip, -1) : InetAddress.getByAddress(ip);
            return new Endpoint(address, r.nextInt(65536));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
