package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.EncodeException;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageArbitraries;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.MessageRules;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvType;
import org.ptpmesh.wire.TlvTypes;

/**
 * The server's fast rule check on the raw buffer must give the verdict {@link MessageRules} gives
 * on the decoded message, for the rules both apply (required, forbidden and repeated TLVs): a
 * drift between the two would let the server act on datagrams every other receiver drops.
 */
class ViewRulesTest {

    private static final Set<String> SHARED_RULES = Set.of("missing_tlv", "forbidden_tlv", "repeated_tlv");
    private static final List<TlvType> KNOWN_TYPES = TlvTypes.all();

    private final ViewRules viewRules = new ViewRules();
    private final DatagramView view = new DatagramView();

    @Property(tries = 3000)
    void agreesWithMessageRulesOnValidAndBrokenMessages(@ForAll MessageKind builtAs, @ForAll MessageKind claimedAs,
            @ForAll long seed) {
        Random r = new Random(seed);
        Message message = withKind(mutate(MessageArbitraries.randomMessage(builtAs, seed), r), claimedAs);
        byte[] datagram;
        try {
            datagram = Codec.encode(message);
        } catch (EncodeException tooLarge) {
            Assume.that(false);
            return;
        }
        assertThat(view.wrap(datagram, 0, datagram.length)).isNull();

        boolean fastVerdict = viewRules.allows(view, claimedAs);
        boolean fullVerdict = MessageRules.check(Codec.toMessage(view)).stream()
                .noneMatch(v -> SHARED_RULES.contains(v.code()));

        assertThat(fastVerdict).as("ViewRules vs MessageRules for %s built as %s: %s", claimedAs, builtAs, message)
                .isEqualTo(fullVerdict);
    }

    /** Drops, repeats or adds TLVs at random, so that every rule gets broken some of the time. */
    private static Message mutate(Message valid, Random r) {
        List<Tlv> tlvs = new ArrayList<>(valid.tlvs());
        int edits = r.nextInt(3);
        for (int i = 0; i < edits && tlvs.size() > 1; i++) {
            switch (r.nextInt(3)) {
                case 0 -> tlvs.remove(1 + r.nextInt(tlvs.size() - 1));
                case 1 -> tlvs.add(tlvs.get(1 + r.nextInt(tlvs.size() - 1)));
                default -> tlvs.add(MessageArbitraries.randomTlv(KNOWN_TYPES.get(r.nextInt(KNOWN_TYPES.size())), r));
            }
        }
        return new Message(tlvs);
    }

    /** The same TLVs behind a MSGKIND saying {@code kind}. */
    private static Message withKind(Message message, MessageKind kind) {
        Message.Builder b = Message.builder().uint(TlvTypes.MSGKIND, kind.code(), 1);
        message.tlvs().stream().filter(t -> t.type() != TlvTypes.MSGKIND).forEach(b::add);
        return b.build();
    }
}
