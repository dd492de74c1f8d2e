package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** The link's transitions: legal ones move the path and log one step, any other is refused and logs nothing. */
class LinkTest {

    private static final PeerId PEER = PeerId.fromHex("00112233445566778899aabbccddeeff");
    private static final Endpoint REMOTE = Endpoint.of("203.0.113.9", 40_000);

    /** One transition, with the path it must leave, the path it reaches and the step it logs. */
    enum Transition {
        START_RELAY(Path.NONE, Path.RELAY, "RelayStart"),
        CONFIRM_DIRECT(Path.RELAY, Path.DIRECT, "UpgradeToDirect"),
        FALL_BACK_TO_RELAY(Path.DIRECT, Path.RELAY, "FallbackToRelay");

        final Path from;
        final Path to;
        final String step;

        Transition(Path from, Path to, String step) {
            this.from = from;
            this.to = to;
            this.step = step;
        }

        void apply(Link link, long now, List<TraceEvent> out) {
            switch (this) {
                case START_RELAY -> link.startRelay(now, out::add);
                case CONFIRM_DIRECT -> link.confirmDirect(3456, REMOTE, now, out::add);
                case FALL_BACK_TO_RELAY -> link.fallBackToRelay(now, out::add);
            }
        }
    }

    private final List<TraceEvent> trace = new ArrayList<>();
    private final Link link = newLink();

    private static Link newLink() {
        return new Link(PEER, new Tracer("a", state -> state.put("peers", 1)));
    }

    @Property
    void everyTransitionIsTakenExactlyFromItsOwnPathAndLogsExactlyOneStep(
            @ForAll @Size(max = 30) List<Transition> attempts) {
        // jqwik runs every try on one instance: each try gets a fresh link
        Link link = newLink();
        List<TraceEvent> trace = new ArrayList<>();
        Path expected = Path.NONE;
        long now = 0;
        for (Transition t : attempts) {
            now += 10;
            int logged = trace.size();
            if (expected == t.from) {
                t.apply(link, now, trace);
                expected = t.to;
                assertThat(trace).hasSize(logged + 1);
                TraceEvent step = trace.get(logged);
                assertThat(step.event()).isEqualTo(t.step);
                assertThat(step.time()).isEqualTo(now);
                assertThat(step.params()).containsExactlyEntriesOf(java.util.Map.of("peer", PEER.shortName()));
            } else {
                long at = now;
                assertThatThrownBy(() -> t.apply(link, at, trace)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(PEER.shortName()).hasMessageContaining("it is " + expected);
                assertThat(trace).hasSize(logged);
            }
            assertThat(link.path()).isEqualTo(expected);
            assertThat(link.isDirect()).isEqualTo(expected == Path.DIRECT);
        }
    }

    @Test
    void relayFirstThenDirectThenBackToTheRelayLogsTheSpecificationsSteps() {
        link.startRelay(1, trace::add);
        link.confirmDirect(3456, REMOTE, 2, trace::add);
        assertThat(link.isDirectFrom(3456, REMOTE)).isTrue();
        assertThat(link.isDirectFrom(3457, REMOTE)).isFalse();
        link.fallBackToRelay(3, trace::add);

        assertThat(link.isDirectFrom(3456, REMOTE)).isFalse();
        assertThat(trace).extracting(TraceEvent::event).containsExactly("RelayStart", "UpgradeToDirect", "FallbackToRelay");
        assertThat(trace).extracting(TraceEvent::node).containsOnly("a");
        assertThat(trace.get(0).state()).containsEntry("peers", 1);
    }

    @Test
    void aDirectPathIsNeverConfirmedBeforeTheRelayStarted() {
        assertThatThrownBy(() -> link.confirmDirect(3456, REMOTE, 1, trace::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the link to " + PEER.shortName() + " cannot go RELAY -> DIRECT: it is NONE");
        assertThat(link.path()).isEqualTo(Path.NONE);
        assertThat(trace).isEmpty();
    }
}
