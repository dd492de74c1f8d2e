package org.ptpmesh.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;

class CompositeNodeTest {

    /** Version 1, no TLVs, and the checksum of that: the smallest well-formed datagram. */
    private static final byte[] EMPTY_DATAGRAM = {1, (byte) 0xFE, (byte) 0xFF};
    private static final Endpoint FROM = Endpoint.of("198.51.100.7", 4000);

    /** One timer call of one child: set {@code Tick(n)} at {@code at}, or cancel it. */
    record TimerCall(int child, int n, boolean cancel, long at) {
    }

    @Provide
    Arbitrary<List<TimerCall>> timerCalls() {
        Arbitrary<TimerCall> call = Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 3), Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 1_000)).as(TimerCall::new);
        return call.list().ofMaxSize(30);
    }

    @Property
    void equalKeysOfTwoChildrenStayTwoTimersAndEachFiresOnlyAtItsOwnChild(@ForAll("timerCalls") List<TimerCall> calls) {
        ScriptedChild[] children = {new ScriptedChild(), new ScriptedChild()};
        CompositeNode composite = new CompositeNode(List.of(Child.of(children[0]), Child.of(children[1])));
        RecordingEffects out = new RecordingEffects();
        composite.start(0, out);
        List<Map<TimerKey, Long>> expected = List.of(new HashMap<>(), new HashMap<>());
        for (TimerCall c : calls) {
            Effects childOut = composite.effectsOf(children[c.child()], out);
            ScriptedChild.Tick key = new ScriptedChild.Tick(c.n());
            if (c.cancel()) {
                childOut.cancelTimer(key);
                expected.get(c.child()).remove(key);
            } else {
                childOut.setTimer(key, c.at());
                expected.get(c.child()).put(key, c.at());
            }
        }

        out.runTimers(composite, 0, 1_000);

        for (int i = 0; i < 2; i++) {
            assertThat(children[i].fired).as("timers fired at child " + i)
                    .containsExactlyInAnyOrderElementsOf(expected.get(i).keySet());
        }
    }

    @Test
    void aDatagramGoesToTheFirstChildThatAcceptsIt() {
        ScriptedChild onPort7 = new ScriptedChild();
        ScriptedChild rest = new ScriptedChild();
        CompositeNode composite = new CompositeNode(List.of(
                Child.of(onPort7).accepting((port, from, datagram, now) -> port == 7), Child.of(rest)));
        RecordingEffects out = new RecordingEffects();

        composite.onDatagram(7, FROM, EMPTY_DATAGRAM, 0, out);
        composite.onDatagram(8, FROM, EMPTY_DATAGRAM, 0, out);
        composite.onDatagram(7, FROM, EMPTY_DATAGRAM, 0, out);

        assertThat(onPort7.messages).hasSize(2);
        assertThat(rest.messages).hasSize(1);
    }

    @Test
    void aDatagramNoChildAcceptsReachesNone() {
        ScriptedChild picky = new ScriptedChild();
        CompositeNode composite = new CompositeNode(List.of(Child.of(picky).accepting((port, from, datagram, now) -> false)));

        composite.onDatagram(7, FROM, EMPTY_DATAGRAM, 0, new RecordingEffects());

        assertThat(picky.messages).isEmpty();
        assertThat(picky.rawDatagrams).isEmpty();
    }

    @Test
    void aDatagramIsDecodedOnceThroughNestedComposites() {
        ScriptedChild leaf = new ScriptedChild();
        List<DecodedDatagram> seenByPredicates = new ArrayList<>();
        CompositeNode inner = new CompositeNode(List.of(Child.of(leaf).accepting((port, from, datagram, now) ->
                seenByPredicates.add(datagram))));
        CompositeNode outer = new CompositeNode(List.of(Child.of(inner).accepting((port, from, datagram, now) ->
                seenByPredicates.add(datagram))));

        outer.onDatagram(7, FROM, EMPTY_DATAGRAM, 0, new RecordingEffects());

        assertThat(leaf.rawDatagrams).as("no child decoded the bytes again").isEmpty();
        assertThat(leaf.messages).hasSize(1);
        assertThat(seenByPredicates).hasSize(2).allSatisfy(d -> assertThat(d).isSameAs(leaf.messages.get(0)));
        assertThat(leaf.messages.get(0).error()).isNull();
        assertThat(leaf.messages.get(0).bytes()).isSameAs(EMPTY_DATAGRAM);
    }

    @Test
    void aSharedPortIsBoundByItsOwnerAndItsBindFailureGoesBackToIt() {
        ScriptedChild owner = new ScriptedChild(5000);
        ScriptedChild sharer = new ScriptedChild(5000, 5001);
        CompositeNode composite = new CompositeNode(List.of(Child.of(owner), Child.of(sharer).owningPorts(p -> p != 5000)));
        RecordingEffects out = new RecordingEffects();
        composite.start(0, out);

        composite.onBindFailed(5000, 1, out);
        composite.onBindFailed(5001, 1, out);

        assertThat(out.bound).containsExactly(5000, 5001);
        assertThat(owner.bindFailures).containsExactly(5000);
        assertThat(sharer.bindFailures).containsExactly(5001);
    }

    @Test
    void aChildsUpnpRequestsReachTheDriverAndItsOutcomesReachEveryChild() {
        ScriptedChild mapper = new ScriptedChild();
        ScriptedChild other = new ScriptedChild();
        CompositeNode composite = new CompositeNode(List.of(Child.of(other), Child.of(mapper)));
        RecordingEffects out = new RecordingEffects();
        out.speaksUpnp = true;
        Effects childOut = composite.effectsOf(mapper, out);

        assertThat(childOut.mapPortByUpnp(new PortMapGateway(FROM.address(), FROM.address()), 5000))
                .as("the driver's answer comes back").isTrue();
        childOut.unmapPortByUpnp(5000);
        UpnpOutcome outcome = new UpnpOutcome.Unavailable(5000, "no IGD");
        composite.onUpnp(outcome, 1, out);

        assertThat(out.upnpMaps).containsExactly(5000);
        assertThat(out.upnpUnmaps).containsExactly(5000);
        assertThat(mapper.upnpOutcomes).containsExactly(outcome);
        assertThat(other.upnpOutcomes).as("a child that asked nothing ignores it itself").containsExactly(outcome);
    }
}
