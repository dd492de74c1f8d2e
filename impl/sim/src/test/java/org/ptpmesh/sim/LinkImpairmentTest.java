package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * Loss, duplication, reordering and jitter on one link, measured over 20,000 numbered datagrams
 * sent one per millisecond. Tolerances are about ten standard deviations: a seed that breaks one
 * means the link model is wrong, not unlucky.
 */
@ExtendWith(SeedInFailure.class)
class LinkImpairmentTest {

    private static final int PORT = 9000;
    private static final int COUNT = 20_000;

    /** Sends {@code COUNT} datagrams numbered 0.. to one peer, one each millisecond. */
    private static final class Blaster implements Node {

        private enum Send implements TimerKey { SEND }

        private final Endpoint to;
        private int next;

        Blaster(Endpoint to) {
            this.to = to;
        }

        @Override
        public void start(long now, Effects out) {
            out.bind(PORT);
            out.setTimer(Send.SEND, now);
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
            out.send(PORT, to, Integer.toString(next).getBytes(StandardCharsets.UTF_8));
            if (++next < COUNT) {
                out.setTimer(Send.SEND, now + 1);
            }
        }
    }

    private record Arrival(int number, long delay) {
    }

    private static List<Arrival> blast(long seed, LinkProfile senderLink) {
        Simulation sim = new Simulation(seed);
        Host sender = sim.internet().addHost("sender");
        Host receiver = sim.internet().addHost("receiver");
        sender.setLink(senderLink);
        receiver.setLink(LinkProfile.IDEAL);
        List<Arrival> arrivals = new ArrayList<>();
        RecordingNode sink = new RecordingNode(PORT);
        receiver.start(sink);
        sender.start(new Blaster(receiver.endpoint(PORT)));
        sim.runFor(COUNT + 1_000);
        for (RecordingNode.Received r : sink.received) {
            int number = Integer.parseInt(r.text());
            arrivals.add(new Arrival(number, r.at() - number));
        }
        NetworkStats stats = sim.stats();
        assertThat(stats.sent() + stats.duplicated()).isEqualTo(stats.delivered() + stats.droppedTotal());
        assertThat(stats.dropped(NetworkDropReason.LOSS)).isEqualTo(COUNT + stats.duplicated() - arrivals.size());
        return arrivals;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void lossDropsTheConfiguredShare(long seed) {
        List<Arrival> arrivals = blast(seed, LinkProfile.ofLatency(5).withLoss(0.10));

        assertThat(arrivals.size() / (double) COUNT).isBetween(0.88, 0.92);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void duplicationCopiesTheConfiguredShare(long seed) {
        List<Arrival> arrivals = blast(seed, LinkProfile.ofLatency(5).withDuplication(0.05));

        assertThat(arrivals.size() / (double) COUNT).isBetween(1.04, 1.06);
        assertThat(arrivals.stream().mapToInt(Arrival::number).distinct().count()).isEqualTo(COUNT);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void reorderingHoldsBackTheConfiguredShare(long seed) {
        List<Arrival> arrivals = blast(seed, LinkProfile.ofLatency(5).withReordering(0.10, 5));

        int highest = -1;
        int late = 0;
        for (Arrival a : arrivals) {
            if (a.number() < highest) {
                late++;
            }
            highest = Math.max(highest, a.number());
        }
        assertThat(late / (double) COUNT).isBetween(0.08, 0.12);
        assertThat(arrivals).extracting(Arrival::delay).containsOnly(5L, 10L);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void jitterSpreadsDelaysUniformlyOverItsRange(long seed) {
        List<Arrival> arrivals = blast(seed, LinkProfile.ofLatency(20).withJitter(10));

        assertThat(arrivals).hasSize(COUNT).allMatch(a -> a.delay() >= 20 && a.delay() <= 30);
        double mean = arrivals.stream().mapToLong(Arrival::delay).average().orElseThrow();
        assertThat(mean).isBetween(24.8, 25.2);
        assertThat(arrivals.stream().mapToLong(Arrival::delay).distinct().count()).isEqualTo(11);
    }
}
