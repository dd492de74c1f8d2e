package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ReceiverRulesTest {

    private static final byte[] ID = new byte[16];
    private static final List<TlvType> KNOWN_TYPES = TlvTypes.all();

    private final DatagramView view = new DatagramView();

    @Test
    void ptptestRegistrationIsInferredWithoutMsgkind() {
        Message register = Message.builder().uint(TlvTypes.CLIENTVER, 1, 1).uint(TlvTypes.SEQUENCE, 0, 4)
                .bytes(TlvTypes.UUID, ID).address(TlvTypes.PTPADDR, Endpoint.of("10.0.0.2", 5000))
                .uint(TlvTypes.MYTS, 1L << 40, 8).build();
        assertThat(ReceiverRules.kindOf(wrap(register))).isEqualTo(MessageKind.REGISTER);
        assertThat(Violations.of(register)).isEmpty();
    }

    /** Every datagram ptptest 2014 was seen to send is of the kind it means and keeps every rule. */
    @Test
    void everyDatagramTheOriginalSentKeepsEveryRule() {
        Object[][] captured = {
            {PtptestCaptures.REGISTER, MessageKind.REGISTER}, {PtptestCaptures.SERVER_ECHO, MessageKind.ECHO},
            {PtptestCaptures.LIST_EMPTY, MessageKind.LIST}, {PtptestCaptures.CLIENT_ECHO_TO_SERVER, MessageKind.ECHO},
            {PtptestCaptures.LIST_TWO, MessageKind.LIST}, {PtptestCaptures.PROBE, MessageKind.PROBE},
            {PtptestCaptures.PEER_ECHO, MessageKind.ECHO}, {PtptestCaptures.SHUTDOWN, MessageKind.SHUTDOWN},
        };
        for (Object[] c : captured) {
            DatagramView v = wrapBytes(PtptestCaptures.bytes((String) c[0]));
            assertThat(ReceiverRules.kindOf(v)).as((String) c[0]).isEqualTo(c[1]);
            assertThat(ReceiverRules.violations(v)).as("%s %s", c[1], c[0]).isEmpty();
        }
    }

    /** The original's goodbye carries META (its client appends it to every server beacon) and PTPADDR. */
    @Test
    void theOriginalsShutdownWithMetaIsAShutdown() {
        DatagramView v = wrapBytes(PtptestCaptures.bytes(PtptestCaptures.SHUTDOWN));
        assertThat(v.indexOf(TlvTypes.META)).isPositive();
        assertThat(ReceiverRules.firstBroken(v)).isNull();
    }

    /** Every ptptest SHUTDOWN names its client: the server removes by UUID, and checks the source. */
    @Test
    void aShutdownWithoutUuidOrWithMytsBreaksTheRules() {
        Message noUuid = Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 11, 4)
                .uint(TlvTypes.SHUTDOWN, 1, 1).build();
        assertThat(Violations.codes(noUuid)).containsExactly(RuleViolationCode.MISSING_TLV);
        Message withMyts = Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).bytes(TlvTypes.UUID, ID)
                .uint(TlvTypes.MYTS, 5, 8).uint(TlvTypes.SHUTDOWN, 1, 1).build();
        assertThat(Violations.codes(withMyts)).containsExactly(RuleViolationCode.FORBIDDEN_TLV);
    }

    /** ptptest 2014 answers MYTS with the UUID read before it: a MYTS first kills its receive loop. */
    @Test
    void inThePtptestKindsUuidComesBeforeMyts() {
        Message register = Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 0, 4)
                .uint(TlvTypes.MYTS, 5, 8).bytes(TlvTypes.UUID, ID).address(TlvTypes.PTPADDR, Endpoint.of("10.0.0.2", 5000))
                .build();
        assertThat(Violations.codes(register)).containsExactly(RuleViolationCode.MYTS_BEFORE_UUID);
        Message probe = Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 0, 4)
                .uint(TlvTypes.MYTS, 5, 8).bytes(TlvTypes.UUID, ID).build();
        assertThat(Violations.codes(probe)).containsExactly(RuleViolationCode.MYTS_BEFORE_UUID);
        Message list = Message.builder().uint(TlvTypes.SERVERVER, 2, 1).uint(TlvTypes.SEQUENCE, 1, 4)
                .uint(TlvTypes.MYTS, 5, 8).bytes(TlvTypes.UUID, ID).address(TlvTypes.YOURADDR, Endpoint.of("1.2.3.4", 5))
                .uint(TlvTypes.CLIENTLEN, 0, 1).build();
        assertThat(Violations.codes(list)).containsExactly(RuleViolationCode.MYTS_BEFORE_UUID);
        // ptpmesh's own kinds are read whole before anyone answers: any order will do
        Message keepalive = Message.builder().uint(TlvTypes.MSGKIND, MessageKind.KEEPALIVE.code(), 1)
                .uint(TlvTypes.MYTS, 5, 8).bytes(TlvTypes.UUID, ID).build();
        assertThat(Violations.of(keepalive)).isEmpty();
    }

    @Test
    void missingRequiredTlvIsReported() {
        Message ping = Message.of(MessageKind.PING, ID).build();
        assertThat(Violations.codes(ping)).containsExactly(RuleViolationCode.MISSING_TLV);
    }

    @Test
    void forbiddenAndRepeatedTlvsAreReported() {
        Message ping = Message.of(MessageKind.PING, ID).uint(TlvTypes.NAT, 1).uint(TlvTypes.NAT, 1)
                .address(TlvTypes.CLIENTLIST_EXT, Endpoint.of("1.2.3.4", 5)).build();
        assertThat(Violations.codes(ping))
                .containsExactlyInAnyOrder(RuleViolationCode.REPEATED_TLV, RuleViolationCode.FORBIDDEN_TLV);
    }

    @Test
    void unknownTypesNeverViolate() {
        Message ping = Message.of(MessageKind.PING, ID).uint(TlvTypes.NAT, 1).add(new Tlv.UnknownTlv(250, new byte[3])).build();
        assertThat(Violations.of(ping)).isEmpty();
    }

    @Test
    void unknownMessageKind() {
        assertThat(Violations.codes(Message.builder().uint(TlvTypes.MSGKIND, 200).build()))
                .containsExactly(RuleViolationCode.UNKNOWN_MESSAGE);
        assertThat(Violations.codes(Message.builder().uint(TlvTypes.SEQUENCE, 1).build()))
                .containsExactly(RuleViolationCode.UNKNOWN_MESSAGE);
    }

    @Test
    void clientLenMustMatchEntries() {
        Message list = Message.builder().uint(TlvTypes.SERVERVER, 2, 1).uint(TlvTypes.SEQUENCE, 1).bytes(TlvTypes.UUID, ID)
                .uint(TlvTypes.MYTS, 5).address(TlvTypes.YOURADDR, Endpoint.of("1.2.3.4", 5))
                .address(TlvTypes.CLIENTLIST_EXT, Endpoint.of("5.6.7.8", 9)).uint(TlvTypes.CLIENTLEN, 2, 1).build();
        assertThat(Violations.codes(list)).containsExactly(RuleViolationCode.CLIENTLEN_MISMATCH);
    }

    @Test
    void listPagingRulesAreReported() {
        Message list = Message.builder().uint(TlvTypes.SERVERVER, 2, 1).uint(TlvTypes.SEQUENCE, 1).bytes(TlvTypes.UUID, ID)
                .uint(TlvTypes.MYTS, 5).address(TlvTypes.YOURADDR, Endpoint.of("1.2.3.4", 5))
                .bytes(TlvTypes.CLIENTLIST_ID, new byte[16]).address(TlvTypes.CLIENTLIST_EXT, Endpoint.of("5.6.7.8", 9))
                .uint(TlvTypes.PAGE, 3, 1).uint(TlvTypes.PAGECOUNT, 3, 1).uint(TlvTypes.CLIENTLEN, 1, 1).build();
        assertThat(Violations.codes(list)).containsExactly(RuleViolationCode.PAGING_INCOMPLETE,
                RuleViolationCode.PAGE_OUT_OF_RANGE, RuleViolationCode.ORPHAN_ENTRY_FIELD);
    }

    @Property(tries = 2000)
    void everyValidMessageKeepsEveryRule(@ForAll MessageKind kind, @ForAll long seed) {
        DatagramView v = wrap(MessageArbitraries.randomMessage(kind, seed));
        assertThat(ReceiverRules.kindOf(v)).isEqualTo(kind);
        assertThat(ReceiverRules.firstBroken(v)).isNull();
        assertThat(ReceiverRules.violations(v)).isEmpty();
    }

    @Property(tries = 2000)
    void aMissingRequiredTlvIsTheFirstRuleBroken(@ForAll MessageKind kind, @ForAll long seed) {
        Message valid = MessageArbitraries.randomMessage(kind, seed);
        List<Integer> droppable = kind.required().stream().filter(t -> t != TlvTypes.MSGKIND).toList();
        Assume.that(!droppable.isEmpty());
        int dropped = droppable.get(new Random(seed).nextInt(droppable.size()));
        List<Tlv> tlvs = new ArrayList<>(valid.tlvs());
        tlvs.removeIf(t -> t.type() == dropped);
        DatagramView v = wrap(new Message(tlvs), kind);
        assertThat(ReceiverRules.firstBroken(v, kind)).isEqualTo(RuleViolationCode.MISSING_TLV);
        assertThat(ReceiverRules.violations(v)).extracting(ReceiverRules.Violation::code).contains(RuleViolationCode.MISSING_TLV);
    }

    @Property(tries = 2000)
    void aTlvTheKindDoesNotAllowIsForbidden(@ForAll MessageKind kind, @ForAll long seed) {
        Random r = new Random(seed);
        TlvType extra = KNOWN_TYPES.get(r.nextInt(KNOWN_TYPES.size()));
        Assume.that(extra.code() != TlvTypes.MSGKIND && !kind.required().contains(extra.code())
                && !kind.optional().contains(extra.code()));
        Message broken = new Message(append(MessageArbitraries.randomMessage(kind, seed).tlvs(),
                MessageArbitraries.randomTlv(extra, r)));
        DatagramView v = wrap(broken, kind);
        assertThat(ReceiverRules.firstBroken(v, kind)).isNotNull();
        assertThat(ReceiverRules.violations(v)).extracting(ReceiverRules.Violation::code).contains(RuleViolationCode.FORBIDDEN_TLV);
    }

    @Property(tries = 2000)
    void aSecondCopyOfASingleTlvIsRepeated(@ForAll MessageKind kind, @ForAll long seed) {
        Message valid = MessageArbitraries.randomMessage(kind, seed);
        List<Tlv> single = valid.tlvs().stream().filter(t -> TlvTypes.isKnown(t.type()) && t.type() != TlvTypes.MSGKIND
                && !kind.repeatable().contains(t.type())).toList();
        Assume.that(!single.isEmpty());
        Tlv copy = single.get(new Random(seed).nextInt(single.size()));
        DatagramView v = wrap(new Message(append(valid.tlvs(), copy)), kind);
        assertThat(ReceiverRules.firstBroken(v, kind)).isNotNull();
        assertThat(ReceiverRules.violations(v)).extracting(ReceiverRules.Violation::code).contains(RuleViolationCode.REPEATED_TLV);
    }

    /** The nodes' fast answer and the tools' full list never disagree: a drift would let a node act on what tools reject. */
    @Property(tries = 3000)
    void theFirstBrokenRuleIsTheFirstViolationListed(@ForAll MessageKind builtAs, @ForAll long seed) {
        Random r = new Random(seed);
        List<Tlv> tlvs = new ArrayList<>(MessageArbitraries.randomMessage(builtAs, seed).tlvs());
        for (int i = r.nextInt(4); i > 0 && tlvs.size() > 1; i--) {
            switch (r.nextInt(3)) {
                case 0 -> tlvs.remove(r.nextInt(tlvs.size()));
                case 1 -> tlvs.add(tlvs.get(r.nextInt(tlvs.size())));
                default -> tlvs.add(MessageArbitraries.randomTlv(KNOWN_TYPES.get(r.nextInt(KNOWN_TYPES.size())), r));
            }
        }
        DatagramView v = wrapOrSkip(new Message(tlvs));
        List<ReceiverRules.Violation> all = ReceiverRules.violations(v);
        assertThat(ReceiverRules.firstBroken(v)).isEqualTo(all.isEmpty() ? null : all.get(0).code());
    }

    private static List<Tlv> append(List<Tlv> tlvs, Tlv extra) {
        List<Tlv> out = new ArrayList<>(tlvs);
        out.add(extra);
        return out;
    }

    /** The message behind a MSGKIND saying {@code kind}, so that removing TLVs cannot change what kind it is read as. */
    private DatagramView wrap(Message message, MessageKind kind) {
        Message.Builder b = Message.builder().uint(TlvTypes.MSGKIND, kind.code(), 1);
        message.tlvs().stream().filter(t -> t.type() != TlvTypes.MSGKIND).forEach(b::add);
        return wrapOrSkip(b.build());
    }

    private DatagramView wrapOrSkip(Message message) {
        byte[] datagram;
        try {
            datagram = Codec.encode(message);
        } catch (EncodeException tooLarge) {
            Assume.that(false);
            return null;
        }
        assertThat(view.wrap(datagram, 0, datagram.length)).isNull();
        return view;
    }

    private DatagramView wrapBytes(byte[] datagram) {
        assertThat(view.wrap(datagram, 0, datagram.length)).isNull();
        return view;
    }

    private DatagramView wrap(Message message) {
        byte[] datagram = Codec.encode(message);
        assertThat(view.wrap(datagram, 0, datagram.length)).isNull();
        return view;
    }
}
