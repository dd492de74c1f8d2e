package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KeyedMessageRulesTest {

    private static final byte[] ID = new byte[16];

    @Test
    void anInitOfEachPatternCarriesTheNoiseOfItsFirstMessage() {
        assertThat(Violations.of(init(KeyedMessageRules.PATTERN_IK, 96))).isEmpty();
        assertThat(Violations.of(init(KeyedMessageRules.PATTERN_XX, 32))).isEmpty();
        assertThat(Violations.codes(init(KeyedMessageRules.PATTERN_IK, 32))).containsExactly(RuleViolationCode.NOISE_LENGTH);
        assertThat(Violations.codes(init(KeyedMessageRules.PATTERN_XX, 96))).containsExactly(RuleViolationCode.NOISE_LENGTH);
        assertThat(Violations.of(init(KeyedMessageRules.PATTERN_XX, 33)).get(0).detail())
                .isEqualTo("HANDSHAKE_INIT carries 33 bytes of NOISE; a XX message here has 32");
    }

    @Test
    void aPatternOtherThanXxOrIkIsUnknown() {
        assertThat(Violations.codes(init(2, 96))).containsExactly(RuleViolationCode.UNKNOWN_PATTERN);
        Message wide = Message.of(MessageKind.HANDSHAKE_INIT, ID).uint(TlvTypes.SESSION, 1)
                .uint(TlvTypes.PATTERN, 1L << 32 | KeyedMessageRules.PATTERN_IK, 8).fragments(TlvTypes.NOISE, new byte[96]).build();
        assertThat(Violations.codes(wide)).as("the whole value counts, not its low byte").containsExactly(RuleViolationCode.UNKNOWN_PATTERN);
        Message narrowIk = Message.of(MessageKind.HANDSHAKE_INIT, ID).uint(TlvTypes.SESSION, 1)
                .uint(TlvTypes.PATTERN, KeyedMessageRules.PATTERN_IK, 8).fragments(TlvTypes.NOISE, new byte[96]).build();
        assertThat(Violations.of(narrowIk)).as("any width of a known pattern").isEmpty();
    }

    @Test
    void anAnswerCarriesAnIkOrXxAnswerAndAFinishAnXxFinish() {
        assertThat(Violations.of(resp(48))).isEmpty();
        assertThat(Violations.of(resp(96))).isEmpty();
        assertThat(Violations.codes(resp(64))).containsExactly(RuleViolationCode.NOISE_LENGTH);
        assertThat(Violations.of(finish(64))).isEmpty();
        assertThat(Violations.codes(finish(48))).containsExactly(RuleViolationCode.NOISE_LENGTH);
    }

    @Test
    void noiseSplitOverSeveralTlvsCountsWhole() {
        Message split = Message.of(MessageKind.HANDSHAKE_INIT, ID).uint(TlvTypes.SESSION, 1).uint(TlvTypes.PATTERN, 1)
                .bytes(TlvTypes.NOISE, new byte[50]).bytes(TlvTypes.NOISE, new byte[0]).bytes(TlvTypes.NOISE, new byte[46]).build();
        assertThat(Violations.of(split)).isEmpty();
    }

    @Test
    void aMissingNoiseOrPatternIsReportedOnceAsMissing() {
        Message noNoise = Message.of(MessageKind.HANDSHAKE_INIT, ID).uint(TlvTypes.SESSION, 1).uint(TlvTypes.PATTERN, 1).build();
        assertThat(Violations.codes(noNoise)).containsExactly(RuleViolationCode.MISSING_TLV);
        Message noPattern = Message.of(MessageKind.HANDSHAKE_INIT, ID).uint(TlvTypes.SESSION, 1)
                .fragments(TlvTypes.NOISE, new byte[5]).build();
        assertThat(Violations.codes(noPattern)).containsExactly(RuleViolationCode.MISSING_TLV);
    }

    @Test
    void sealedBytesHoldATagAndTheSmallestDatagram() {
        assertThat(Violations.of(sealed(19, 0))).isEmpty();
        assertThat(Violations.codes(sealed(18, 0))).containsExactly(RuleViolationCode.SEALED_TOO_SHORT);
        Message split = Message.of(MessageKind.SEALED, ID).uint(TlvTypes.PEERSESSION, 1).uint(TlvTypes.COUNTER, 0)
                .bytes(TlvTypes.SEALED, new byte[10]).bytes(TlvTypes.SEALED, new byte[9]).build();
        assertThat(Violations.of(split)).isEmpty();
    }

    @Test
    void theNonceNoiseReservesIsNeverACounter() {
        assertThat(Violations.codes(sealed(40, -1L))).containsExactly(RuleViolationCode.RESERVED_COUNTER);
        assertThat(Violations.of(sealed(40, -2L))).as("2^64-2 is the last counter").isEmpty();
        assertThat(Violations.codes(sealed(3, -1L)))
                .containsExactly(RuleViolationCode.SEALED_TOO_SHORT, RuleViolationCode.RESERVED_COUNTER);
    }

    @Test
    void aKeyedMarkBeforeAnyEntryIsAnOrphan() {
        Message list = Message.builder().uint(TlvTypes.MSGKIND, MessageKind.LIST.code()).uint(TlvTypes.SERVERVER, 2)
                .uint(TlvTypes.SEQUENCE, 1).bytes(TlvTypes.UUID, ID).uint(TlvTypes.MYTS, 5)
                .address(TlvTypes.YOURADDR, Endpoint.of("1.2.3.4", 5)).uint(TlvTypes.CLIENTLIST_KEYED, 1)
                .address(TlvTypes.CLIENTLIST_EXT, Endpoint.of("5.6.7.8", 9)).uint(TlvTypes.CLIENTLEN, 1).build();
        assertThat(Violations.codes(list)).containsExactly(RuleViolationCode.ORPHAN_ENTRY_FIELD);
    }

    /** Every NOISE length but the ones a message of its kind and pattern can have is refused, however it is split. */
    @Property(tries = 2000)
    void anyOtherNoiseLengthIsRefused(@ForAll @IntRange(min = 0, max = 2) int which, @ForAll @IntRange(min = 0, max = 1) int pattern,
                                      @ForAll @IntRange(min = 0, max = 600) int length, @ForAll long seed) {
        MessageKind kind = new MessageKind[] {MessageKind.HANDSHAKE_INIT, MessageKind.HANDSHAKE_RESP, MessageKind.HANDSHAKE_FINISH}[which];
        Set<Integer> allowed = switch (kind) {
            case HANDSHAKE_INIT -> Set.of(pattern == KeyedMessageRules.PATTERN_IK ? 96 : 32);
            case HANDSHAKE_RESP -> Set.of(48, 96);
            default -> Set.of(64);
        };
        Random r = new Random(seed);
        Message valid = MessageArbitraries.randomMessage(kind, seed);
        Message.Builder b = Message.builder();
        valid.tlvs().stream().filter(t -> t.type() != TlvTypes.NOISE && t.type() != TlvTypes.PATTERN).forEach(b::add);
        if (kind == MessageKind.HANDSHAKE_INIT) {
            b.uint(TlvTypes.PATTERN, pattern);
        }
        MessageArbitraries.randomFragments(b, TlvTypes.NOISE, length, r);
        Message m = b.build();
        Assume.that(Codec.encode(m).length <= Datagram.MAX_SIZE);
        assertThat(Violations.codes(m).contains(RuleViolationCode.NOISE_LENGTH)).as("%s of %d bytes", kind, length)
                .isEqualTo(!allowed.contains(length));
    }

    private static Message init(long pattern, int noise) {
        return Message.of(MessageKind.HANDSHAKE_INIT, ID).uint(TlvTypes.SESSION, 7).uint(TlvTypes.PATTERN, pattern)
                .fragments(TlvTypes.NOISE, new byte[noise]).build();
    }

    private static Message resp(int noise) {
        return Message.of(MessageKind.HANDSHAKE_RESP, ID).uint(TlvTypes.SESSION, 7).uint(TlvTypes.PEERSESSION, 9)
                .fragments(TlvTypes.NOISE, new byte[noise]).build();
    }

    private static Message finish(int noise) {
        return Message.of(MessageKind.HANDSHAKE_FINISH, ID).uint(TlvTypes.PEERSESSION, 9)
                .fragments(TlvTypes.NOISE, new byte[noise]).build();
    }

    private static Message sealed(int length, long counter) {
        return Message.of(MessageKind.SEALED, ID).uint(TlvTypes.PEERSESSION, 9).uint(TlvTypes.COUNTER, counter)
                .fragments(TlvTypes.SEALED, new byte[length]).build();
    }
}
