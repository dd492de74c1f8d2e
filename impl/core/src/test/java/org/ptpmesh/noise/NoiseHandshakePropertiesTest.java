package org.ptpmesh.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Two parties with arbitrary keys, prologue and payloads: they always agree, and whatever an
 * attacker does to one message (a flipped bit, a cut, a replay) is refused with a
 * {@link NoiseException}, at that message, or at the next for XX's first message (which nothing
 * authenticates yet: the responder's reply is sealed under a hash of it).
 */
class NoiseHandshakePropertiesTest {

    /** Handshake messages (at most 3) and then transport messages both ways. */
    private static final int MESSAGES = 6;

    @Property(tries = 150)
    void twoPartiesFinishWithMatchingKeysAndEveryPayloadArrives(@ForAll HandshakePattern pattern, @ForAll("keys") List<byte[]> keys,
            @ForAll @Size(max = 64) byte[] prologue, @ForAll("payloads") List<byte[]> payloads) throws NoiseException {
        Conversation c = new Conversation(pattern, prologue, keys);
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(c.read(i, c.write(i, payloads.get(i)))).as("message %d", i).isEqualTo(payloads.get(i));
        }
        assertThat(c.initiator.isComplete()).isTrue();
        assertThat(c.responder.isComplete()).isTrue();
        assertThat(c.initiator.handshakeHash()).isEqualTo(c.responder.handshakeHash());
        assertThat(c.initiator.remoteStaticKey()).isEqualTo(c.responderStatic.publicKey());
        assertThat(c.responder.remoteStaticKey()).isEqualTo(c.initiatorStatic.publicKey());
    }

    @Property(tries = 200)
    void aFlippedBitInAnyMessageIsRefusedAndTheGenuineOneStillArrives(@ForAll HandshakePattern pattern, @ForAll("keys") List<byte[]> keys,
            @ForAll("payloads") List<byte[]> payloads, @ForAll @IntRange(max = MESSAGES - 1) int damaged,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int bitChoice) throws NoiseException {
        deliverDamaging(new Conversation(pattern, new byte[0], keys), pattern, payloads, damaged, message -> {
            byte[] flipped = message.clone();
            int bit = bitChoice % (flipped.length * 8);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            return flipped;
        }, NoiseException.Reason.BAD_TAG, NoiseException.Reason.BAD_PUBLIC_KEY);
    }

    @Property(tries = 200)
    void aTruncatedMessageIsRefusedAndTheGenuineOneStillArrives(@ForAll HandshakePattern pattern, @ForAll("keys") List<byte[]> keys,
            @ForAll("payloads") List<byte[]> payloads, @ForAll @IntRange(max = MESSAGES - 1) int damaged,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int lengthChoice) throws NoiseException {
        deliverDamaging(new Conversation(pattern, new byte[0], keys), pattern, payloads, damaged,
                message -> Arrays.copyOf(message, lengthChoice % message.length),
                NoiseException.Reason.SHORT_MESSAGE, NoiseException.Reason.BAD_TAG);
    }

    /**
     * Sends every message, message {@code damaged} first as {@code damage} makes it: that copy must
     * be refused for one of {@code reasons} and the genuine one then read, except for XX's first
     * message, whose damage may pass and must then make the reply unreadable.
     */
    private static void deliverDamaging(Conversation c, HandshakePattern pattern, List<byte[]> payloads, int damaged,
            UnaryOperator<byte[]> damage, NoiseException.Reason... reasons) throws NoiseException {
        for (int i = 0; i < MESSAGES; i++) {
            byte[] message = c.write(i, payloads.get(i));
            if (i == damaged) {
                byte[] bad = damage.apply(message);
                NoiseException refused = catchThrowableOfType(() -> c.read(damaged, bad), NoiseException.class);
                if (refused == null) {
                    assertThat(refusedLater(pattern, i)).as("message %d read damaged", i).isTrue();
                    assertThat(refusal(() -> c.read(damaged + 1, c.write(damaged + 1, payloads.get(damaged + 1)))))
                            .isEqualTo(NoiseException.Reason.BAD_TAG);
                    return;
                }
                assertThat(refused.reason()).isIn((Object[]) reasons);
            }
            assertThat(c.read(i, message)).as("message %d", i).isEqualTo(payloads.get(i));
        }
    }

    @Property(tries = 150)
    void aReplayedMessageIsRefused(@ForAll HandshakePattern pattern, @ForAll("keys") List<byte[]> keys,
            @ForAll("payloads") List<byte[]> payloads, @ForAll @IntRange(max = MESSAGES - 1) int replayed,
            @ForAll @IntRange(max = MESSAGES - 1) int replayedAfter) throws NoiseException {
        Conversation c = new Conversation(pattern, new byte[0], keys);
        byte[] copy = null;
        HandshakeState handshakeReader = null;
        for (int i = 0; i < MESSAGES; i++) {
            byte[] message = c.write(i, payloads.get(i));
            boolean handshakeMessage = !c.readerOf(i).isComplete();
            c.read(i, message);
            if (i == replayed) {
                copy = message;
                handshakeReader = handshakeMessage ? c.readerOf(i) : null;
            }
            if (copy != null && i >= replayedAfter) {
                byte[] again = copy;
                if (handshakeReader != null) {
                    // its reader has moved on: it must write, is done, or expects a later message sealed under another hash
                    HandshakeState reader = handshakeReader;
                    assertThat(refusal(() -> reader.readMessage(again))).as("handshake message %d replayed after %d", replayed, i)
                            .isIn(NoiseException.Reason.WRONG_STATE, NoiseException.Reason.BAD_TAG, NoiseException.Reason.SHORT_MESSAGE);
                } else {
                    // the receiving nonce has moved past it
                    assertThat(refusal(() -> c.read(replayed, again))).as("transport message %d replayed after %d", replayed, i)
                            .isEqualTo(NoiseException.Reason.BAD_TAG);
                }
                copy = null;
            }
        }
    }

    /** Why {@code read} was refused; fails the property if it was not. */
    static NoiseException.Reason refusal(ThrowingCallable read) {
        NoiseException refused = catchThrowableOfType(read, NoiseException.class);
        assertThat(refused).as("a NoiseException").isNotNull();
        return refused.reason();
    }

    /** Only XX's first message carries no tag: damage to it shows when the reply cannot be opened. */
    private static boolean refusedLater(HandshakePattern pattern, int index) {
        return pattern == HandshakePattern.XX && index == 0;
    }

    @Provide
    Arbitrary<List<byte[]>> keys() {
        // two static keys and the ephemeral key each party draws
        return Arbitraries.bytes().array(byte[].class).ofSize(NoiseLimits.DH_LENGTH).list().ofSize(4);
    }

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).list().ofSize(MESSAGES);
    }
}
