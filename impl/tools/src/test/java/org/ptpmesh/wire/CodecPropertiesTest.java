package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.ptpmesh.wire.json.WireJson;

/**
 * The codec's laws over generated input: every message kind round-trips; decoding (and printing
 * the result as `ptpmesh wire decode` does) never throws, on random bytes or on mutated valid
 * datagrams (130,000 tries between the two properties); every single-bit corruption is caught.
 */
public class CodecPropertiesTest {

    @Property(tries = 3000)
    void everyMessageKindRoundTrips(@ForAll("messages") Message message) {
        byte[] bytes = Codec.encode(message);
        assertThat(bytes.length).isLessThanOrEqualTo(Datagram.MAX_SIZE);
        DecodeResult r = Codec.decode(bytes);
        assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        Message back = ((DecodeResult.Decoded) r).message();
        assertThat(back).isEqualTo(message);
        assertThat(back.kind()).isEqualTo(message.kind()).isNotNull();
        assertThat(((DecodeResult.Decoded) r).violations()).isEmpty();
        assertThat(Codec.encode(back)).isEqualTo(bytes);
    }

    /**
     * The handshake and SEALED kinds round-trip with their NOISE and SEALED bytes cut anywhere
     * (empty fragments included): the bytes come back whole, in order, and print as the JSON
     * form that encodes to the same datagram.
     */
    @Property(tries = 2000)
    void keyedKindsRoundTripWithTheirFragments(@ForAll("keyedMessages") Message message) throws Exception {
        byte[] bytes = Codec.encode(message);
        DecodeResult.Decoded d = (DecodeResult.Decoded) Codec.decode(bytes);
        assertThat(d.violations()).isEmpty();
        for (int type : new int[] {TlvTypes.NOISE, TlvTypes.SEALED}) {
            assertThat(d.message().concatenated(type)).isEqualTo(message.concatenated(type));
        }
        Message printed = WireJson.fromJson(WireJson.read(WireJson.line(WireJson.toJson(d))));
        assertThat(Codec.encode(printed)).isEqualTo(bytes);
    }

    @Property(tries = 60_000)
    void decodeNeverThrowsOnArbitraryBytes(@ForAll @Size(max = 1500) byte[] bytes) {
        DecodeResult r = Codec.decode(bytes);
        assertThat(r).isNotNull();
        assertThat(WireJson.toJson(r).isObject()).isTrue(); // what `ptpmesh wire decode` prints
    }

    @Property(tries = 70_000)
    void decodeNeverThrowsOnMutatedDatagrams(@ForAll("datagrams") byte[] valid, @ForAll long seed,
                                             @ForAll boolean fixChecksum) {
        byte[] mutated = RawDatagrams.mutate(valid, new Random(seed));
        if (fixChecksum && mutated.length >= 3) {
            // With a correct checksum the mutation reaches the TLV walker instead of stopping at the sum.
            int sum = Checksum.compute(mutated, 0, mutated.length - 2);
            mutated[mutated.length - 2] = (byte) (sum >>> 8);
            mutated[mutated.length - 1] = (byte) sum;
        }
        DecodeResult r = Codec.decode(mutated);
        assertThat(WireJson.toJson(r).isObject()).isTrue(); // what `ptpmesh wire decode` prints
        if (r instanceof DecodeResult.Decoded d) {
            // Whatever was accepted must re-encode to exactly the bytes received.
            assertThat(Codec.encode(d.message())).isEqualTo(mutated);
        }
    }

    @Property(tries = 300)
    void everySingleBitCorruptionIsDetected(@ForAll("datagrams") byte[] valid) {
        for (int bit = 0; bit < valid.length * 8; bit++) {
            byte[] corrupt = valid.clone();
            corrupt[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Codec.decode(corrupt)).as("bit %d of %d bytes", bit, valid.length)
                    .isInstanceOf(DecodeResult.Malformed.class);
        }
    }

    @Property(tries = 1000)
    void ipv6AndIpv4AddressesRoundTrip(@ForAll("endpoints") Endpoint endpoint) {
        Message m = Message.builder().address(TlvTypes.CLIENTLIST_EXT, endpoint).build();
        byte[] bytes = Codec.encode(m);
        assertThat(bytes.length).isEqualTo(endpoint.isIpv4() ? 1 + 8 + 2 : 1 + 20 + 2);
        assertThat(((DecodeResult.Decoded) Codec.decode(bytes)).message().address(TlvTypes.CLIENTLIST_EXT)).contains(endpoint);
    }

    @Property(tries = 2000)
    void unsignedValuesRoundTripAtEveryWidth(@ForAll long raw, @ForAll @IntRange(min = 0, max = 3) int w) {
        int width = 1 << w;
        long value = width == 8 ? raw : raw & ((1L << (8 * width)) - 1);
        Message m = Message.builder().uint(TlvTypes.SEQUENCE, value, width).build();
        byte[] bytes = Codec.encode(m);
        assertThat(bytes.length).isEqualTo(1 + 2 + width + 2);
        assertThat(((DecodeResult.Decoded) Codec.decode(bytes)).message()).isEqualTo(m);
    }

    @Provide
    Arbitrary<Message> messages() {
        return MessageArbitraries.anyMessage();
    }

    @Provide
    Arbitrary<Message> keyedMessages() {
        return Combinators.combine(Arbitraries.of(MessageKind.HANDSHAKE_INIT, MessageKind.HANDSHAKE_RESP,
                MessageKind.HANDSHAKE_FINISH, MessageKind.SEALED), Arbitraries.longs()).as(MessageArbitraries::randomMessage);
    }

    @Provide
    Arbitrary<byte[]> datagrams() {
        return MessageArbitraries.anyDatagram();
    }

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return MessageArbitraries.endpoints();
    }

}
