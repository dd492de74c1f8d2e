package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.peer.LivenessModelTest.A;
import static org.ptpmesh.peer.LivenessModelTest.B;
import static org.ptpmesh.peer.LivenessModelTest.K;
import static org.ptpmesh.peer.LivenessModelTest.OTHER;
import static org.ptpmesh.peer.LivenessModelTest.OTHER_AT;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;

/**
 * jqwik stateful test: random chains of what can happen to a connected peer (time passes, the
 * host sleeps, the other peer or an introducer answers, an introducer reports another public
 * address, the other peer is introduced again) run against the real {@link Peer} and against
 * {@link Model}, the introducer design's liveness rules written out plainly. After every step the
 * peer's states, its path to the other peer, its NAT type and its keepalive timer must be the
 * model's.
 */
class LivenessStatefulTest {

    private static final PeerConfig CONFIG = PeerConfig.defaults("p", A, B);
    private static final Endpoint PUBLIC = Endpoint.of("203.0.113.9", 3456);
    private static final Endpoint REMAPPED = Endpoint.of("203.0.113.9", 41000);

    @Property(tries = 200)
    void thePeerFollowsTheReferenceModel(@ForAll("chains") ActionChain<Harness> chain) {
        Harness end = chain.withInvariant("peer matches model", Harness::check).run();
        Model m = end.model;
        // The chains must reach the rules worth checking, or the property proves little.
        Statistics.label("other peer forgotten").collect(m.forgottenOnce);
        Statistics.label("fell back to the relay").collect(m.fellBackOnce);
        Statistics.label("wake-up made the NAT unknown").collect(m.wokeOnce);
        Statistics.label("NAT classified again").collect(m.reclassifiedOnce);
        Statistics.label("other peer forgotten").coverage(c -> c.check(true).percentage(p -> p >= 5));
        Statistics.label("fell back to the relay").coverage(c -> c.check(true).percentage(p -> p >= 5));
        Statistics.label("wake-up made the NAT unknown").coverage(c -> c.check(true).percentage(p -> p >= 5));
        Statistics.label("NAT classified again").coverage(c -> c.check(true).percentage(p -> p >= 2));
    }

    @Provide
    Arbitrary<ActionChain<Harness>> chains() {
        return ActionChain.startWith(Harness::new)
                .withAction(4, elapse())
                .withAction(1, sleep())
                .withAction(3, otherAnswers())
                .withAction(2, introducerAnswers())
                .withAction(1, introducerReportsAnotherAddress())
                .withAction(1, introducedAgain())
                .withMaxTransformations(40);
    }

    /** Time passes with the host awake: timers fire when due. */
    private static Action.Independent<Harness> elapse() {
        // Values that put silences exactly on 1.5x, 3x and 5x keepAlive, and beside them.
        Arbitrary<Long> millis = Arbitraries.oneOf(Arbitraries.of(1L, K / 2 - 1, K / 2, K / 2 + 1, K - 1, K, 300L),
                Arbitraries.longs().between(1, K));
        return () -> millis.map(d -> Transformer.mutate("elapse " + d + " ms", h -> h.advance(h.now + d, false)));
    }

    /** The host sleeps: timers due meanwhile fire late, all at the wake-up. */
    private static Action.Independent<Harness> sleep() {
        Arbitrary<Long> millis = Arbitraries.longs().between(K / 2, 6 * K);
        return () -> millis.map(d -> Transformer.mutate("sleep " + d + " ms", h -> h.advance(h.now + d, true)));
    }

    private static Action.Independent<Harness> otherAnswers() {
        return Action.just(Transformer.mutate("other peer answers a keepalive", Harness::otherAnswers));
    }

    private static Action.Independent<Harness> introducerAnswers() {
        return () -> Arbitraries.of(0, 1).map(i -> Transformer.mutate("introducer " + (i == 0 ? "A" : "B") + " pongs",
                h -> h.pong(i, PUBLIC)));
    }

    private static Action<Harness> introducerReportsAnotherAddress() {
        return Action.<Harness>when(h -> h.model.natKnown).describeAs("introducer A reports another public port")
                .justMutate(h -> h.pong(0, REMAPPED));
    }

    private static Action<Harness> introducedAgain() {
        return Action.<Harness>when(h -> !h.model.otherKnown || h.model.path == Path.RELAY)
                .describeAs("other peer introduced again and punches")
                .justMutate(Harness::introduceAgain);
    }

    /** The real peer, driven by hand, beside the model it must agree with. */
    static final class Harness {
        final RecordingEffects fx = new RecordingEffects();
        final Peer peer = LivenessModelTest.connectedPeer(fx);
        final Model model = new Model();
        long now = LivenessModelTest.PUNCH_AT;
        long attempt = 1;

        void advance(long target, boolean held) {
            model.advance(target, held);
            // A sleeping host's driver holds the timers that fall due and fires them all at the
            // wake-up, in the order they were due: starting the clock at the wake-up does that.
            fx.runTimers(peer, held ? target : now, target);
            now = target;
            fx.clearOutput();
        }

        void otherAnswers() {
            byte[] ack = Messages.keepaliveAck(OTHER, 0);
            if (peer.pathTo(OTHER) == Path.DIRECT) {
                peer.onDatagram(3456, OTHER_AT, ack, now, fx);
            } else {
                peer.onDatagram(3456, A.endpoint(), Messages.relayed(A.peerId(), OTHER, ack), now, fx);
            }
            model.otherAnswers(now);
        }

        void pong(int introducer, Endpoint observed) {
            PeerIdentity from = introducer == 0 ? A : B;
            peer.onDatagram(3456, from.endpoint(), Messages.pong(from.peerId(), observed, NatType.STATIC, 0), now, fx);
            model.pong(introducer, observed.equals(PUBLIC), now);
        }

        void introduceAgain() {
            attempt++;
            peer.onDatagram(3456, A.endpoint(), Messages.intro(A.peerId(), OTHER, OTHER_AT, NatType.EASY, attempt, null), now, fx);
            peer.onDatagram(3456, OTHER_AT, Messages.punch(OTHER, attempt, -1), now, fx);
            model.introducedAgain(now);
        }

        void check() {
            assertThat(peer.knows(OTHER)).as("other peer known").isEqualTo(model.otherKnown);
            if (model.otherKnown) {
                assertThat(peer.stateOf(OTHER)).as("other peer's state").isEqualTo(model.other);
                assertThat(peer.pathTo(OTHER)).as("path to the other peer").isEqualTo(model.path);
            }
            assertThat(peer.knows(A.peerId()) && peer.knows(B.peerId())).as("introducers known").isTrue();
            assertThat(peer.stateOf(A.peerId())).as("introducer A's state").isEqualTo(model.introducers[0]);
            assertThat(peer.stateOf(B.peerId())).as("introducer B's state").isEqualTo(model.introducers[1]);
            assertThat(peer.nat()).as("NAT type").isEqualTo(model.natKnown ? NatType.EASY : NatType.UNKNOWN);
            assertThat(fx.timers.get(PeerTimer.Fixed.KEEPALIVE)).as("next keepalive").isEqualTo(model.nextTick);
        }

        @Override
        public String toString() {
            return "t=" + now + " " + model;
        }
    }

    /**
     * The introducer design's rules for one other peer and two introducers: states are judged at each
     * keepalive tick from the silence since the last answer (strict 1.5x, 3x, 5x), an answer makes
     * a peer Active at once, a Forgotten peer is dropped (an introducer stops at Missing), a
     * direct path without an answer for directMissedKeepalives periods falls back to the relay,
     * and a tick more than a period late is a wake-up that makes the NAT type unknown until both
     * introducers have answered again and the classify wait has passed.
     */
    static final class Model {
        long nextTick = K;
        boolean otherKnown = true;
        long lastOther = LivenessModelTest.PUNCH_AT;
        long lastDirect = LivenessModelTest.PUNCH_AT;
        PeerState other = PeerState.ACTIVE;
        Path path = Path.DIRECT;
        final long[] lastIntroducer = {LivenessModelTest.PONGS_AT, LivenessModelTest.PONGS_AT};
        final PeerState[] introducers = {PeerState.ACTIVE, PeerState.ACTIVE};
        boolean natKnown = true;
        final Set<Integer> pongsSinceCheck = new HashSet<>();
        Long classifyAt;
        boolean forgottenOnce;
        boolean fellBackOnce;
        boolean wokeOnce;
        boolean reclassifiedOnce;

        void advance(long target, boolean held) {
            while (true) {
                boolean classifyFirst = classifyAt != null && classifyAt < nextTick;
                long due = classifyFirst ? classifyAt : nextTick;
                if (due > target) {
                    return;
                }
                long at = held ? target : due;
                if (classifyFirst) {
                    reclassifiedOnce = true;
                    natKnown = true;
                    classifyAt = null;
                } else {
                    tick(at);
                }
            }
        }

        private void tick(long at) {
            if (at - nextTick > K) {
                wokeOnce = true;
                natKnown = false;
                pongsSinceCheck.clear();
                classifyAt = null;
            }
            for (int i = 0; i < 2; i++) {
                PeerState s = seedState(at - lastIntroducer[i]);
                introducers[i] = s == PeerState.FORGOTTEN ? PeerState.MISSING : s;
            }
            if (otherKnown) {
                other = seedState(at - lastOther);
                if (other == PeerState.FORGOTTEN) {
                    forgottenOnce = true;
                    otherKnown = false;
                } else if (path == Path.DIRECT && at - lastDirect > CONFIG.directMissedKeepalives() * K) {
                    fellBackOnce = true;
                    path = Path.RELAY;
                }
            }
            nextTick = at + K;
        }

        void otherAnswers(long at) {
            if (otherKnown) {
                lastOther = at;
                other = PeerState.ACTIVE;
                if (path == Path.DIRECT) {
                    lastDirect = at;
                }
            }
        }

        void pong(int introducer, boolean sameAddress, long at) {
            lastIntroducer[introducer] = at;
            introducers[introducer] = PeerState.ACTIVE;
            if (natKnown && !sameAddress) {
                natKnown = false;
                pongsSinceCheck.clear();
                classifyAt = null;
            } else if (!natKnown) {
                pongsSinceCheck.add(introducer);
                if (pongsSinceCheck.size() == 2) {
                    classifyAt = at + CONFIG.classifyWaitMillis();
                }
            }
        }

        void introducedAgain(long at) {
            otherKnown = true;
            lastOther = at;
            lastDirect = at;
            other = PeerState.ACTIVE;
            path = Path.DIRECT;
        }

        private static PeerState seedState(long silent) {
            return LivenessModelTest.seedState(silent);
        }

        @Override
        public String toString() {
            return "model{other=" + (otherKnown ? other + "/" + path : "forgotten") + ", introducers=" + introducers[0]
                    + "/" + introducers[1] + ", nat=" + (natKnown ? "known" : "unknown") + ", nextTick=" + nextTick + "}";
        }
    }
}
