package org.ptpmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * What every driver of a {@link Node} promises, run against each driver by a subclass (the
 * simulator's host in impl/sim, the UDP runtime in impl/runtime): the node hears its addresses
 * right after start and again when they change, a failed bind comes back later as
 * {@code onBindFailed}, an equal timer key replaces the pending timer and a cancelled one never
 * fires, a send from a port the node has not bound is refused and counted, and in strict mode
 * (on in tests) an exception the node throws reaches the test.
 */
public abstract class DriverContract {

    /** One node running on the driver under test, in strict mode. */
    protected interface Run extends AutoCloseable {

        /** Lets about {@code millis} pass (virtual or wall-clock time); strict mode may rethrow here. */
        void runFor(long millis);

        /** Moves the host to other addresses, as joining another network does. */
        void changeAddresses();

        /** The host's addresses now. */
        List<InetAddress> addresses();

        /** Sends the driver refused because the node had not bound their port. */
        long refusedSends();

        /** Stops the driver; strict mode may rethrow here what the node threw. */
        @Override
        void close();
    }

    /** Starts {@code node} on a fresh driver in strict mode. */
    protected abstract Run start(Node node);

    /** A port the driver cannot bind for the node (taken or out of range). */
    protected abstract int unbindablePort();

    /** A port the node may bind. */
    protected abstract int freePort();

    private enum Key implements TimerKey {
        REPLACED, CANCELLED, BOOM
    }

    @Test
    void theNodeHearsItsAddressesRightAfterStart() {
        Probe probe = new Probe((now, out) -> { });
        try (Run run = start(probe)) {
            run.runFor(200);
            assertThat(probe.log).startsWith("start", "start returned", "addresses " + run.addresses());
            assertThat(run.addresses()).isNotEmpty();
        }
    }

    @Test
    void theNodeHearsItsNewAddressesAfterAMove() {
        Probe probe = new Probe((now, out) -> { });
        try (Run run = start(probe)) {
            run.runFor(200);
            List<InetAddress> before = run.addresses();
            run.changeAddresses();
            run.runFor(500);
            assertThat(run.addresses()).isNotEqualTo(before);
            assertThat(probe.log).containsSubsequence("addresses " + before, "addresses " + run.addresses());
        }
    }

    @Test
    void aFailedBindComesBackAfterTheCallThatAskedForIt() {
        int port = unbindablePort();
        Probe probe = new Probe((now, out) -> out.bind(port));
        try (Run run = start(probe)) {
            run.runFor(200);
            assertThat(probe.log).containsSubsequence("start", "start returned", "bind failed " + port);
        }
    }

    @Test
    void settingAnEqualKeyAgainReplacesTheTimerAndACancelledOneNeverFires() {
        Probe probe = new Probe((now, out) -> {
            out.setTimer(Key.REPLACED, now + 50);
            out.setTimer(Key.REPLACED, now + 150);
            out.setTimer(Key.CANCELLED, now + 50);
            out.cancelTimer(Key.CANCELLED);
        });
        try (Run run = start(probe)) {
            run.runFor(400);
            assertThat(probe.timers).containsExactly(Key.REPLACED);
            assertThat(probe.firedAt.get(0)).isGreaterThanOrEqualTo(probe.startedAt + 150);
        }
    }

    @Test
    void aSendFromAnUnboundPortIsRefusedAndCountedNotThrown() {
        int port = freePort();
        Probe probe = new Probe((now, out) -> out.send(port, new Endpoint(InetAddress.getLoopbackAddress(), port), new byte[] {1}));
        try (Run run = start(probe)) {
            assertThatCode(() -> run.runFor(200)).doesNotThrowAnyException();
            assertThat(run.refusedSends()).isEqualTo(1);
        }
    }

    @Test
    void inStrictModeWhatTheNodeThrowsReachesTheTest() {
        Probe probe = new Probe((now, out) -> out.setTimer(Key.BOOM, now + 20));
        IllegalStateException bug = probe.bug;
        Throwable thrown = catchThrowable(() -> {
            try (Run run = start(probe)) {
                run.runFor(300);
            }
        });
        assertThat(causes(thrown)).contains(bug);
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    /** A node that writes down what its driver called, and does what a case asks at start. */
    private static final class Probe implements Node {

        final List<String> log = new ArrayList<>();
        final List<TimerKey> timers = new ArrayList<>();
        final List<Long> firedAt = new ArrayList<>();
        final IllegalStateException bug = new IllegalStateException("a bug in the node");
        private final BiConsumer<Long, Effects> atStart;
        long startedAt;

        Probe(BiConsumer<Long, Effects> atStart) {
            this.atStart = atStart;
        }

        @Override
        public void start(long now, Effects out) {
            startedAt = now;
            log.add("start");
            atStart.accept(now, out);
            log.add("start returned");
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            log.add("datagram");
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
            if (key == Key.BOOM) {
                throw bug;
            }
            timers.add(key);
            firedAt.add(now);
        }

        @Override
        public void onBindFailed(int port, long now, Effects out) {
            log.add("bind failed " + port);
        }

        @Override
        public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
            log.add("addresses " + addresses);
        }
    }
}
