package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/** Virtual time, ordering of simultaneous events, and what happens when a node misbehaves. */
class EventLoopTest {

    private enum Oops implements TimerKey { OOPS }


    @Test
    void eventsAtTheSameInstantRunInTheOrderTheyWereScheduled() {
        Simulation sim = new Simulation(71);
        List<String> order = new ArrayList<>();
        sim.at(20, () -> order.add("t20 first"));
        sim.at(10, () -> order.add("t10"));
        sim.at(20, () -> order.add("t20 second"));
        sim.at(20, () -> sim.at(20, () -> order.add("t20 scheduled while running")));
        sim.at(20, () -> order.add("t20 third"));

        sim.runFor(100);

        assertThat(order).containsExactly("t10", "t20 first", "t20 second", "t20 third", "t20 scheduled while running");
        assertThat(sim.now()).isEqualTo(100);
    }

    @Test
    void runUntilStopsAtTheEventThatMakesTheConditionTrue() {
        Simulation sim = new Simulation(72);
        List<Long> seen = new ArrayList<>();
        for (long t = 100; t <= 1_000; t += 100) {
            long at = t;
            sim.at(t, () -> seen.add(at));
        }

        boolean met = sim.runUntil(10_000, () -> seen.size() == 3);

        assertThat(met).isTrue();
        assertThat(sim.now()).isEqualTo(300);
        assertThat(sim.runUntil(500, () -> false)).isFalse();
        assertThat(sim.now()).isEqualTo(500);
        assertThat(seen).containsExactly(100L, 200L, 300L, 400L, 500L);
    }

    @Test
    void thePastCannotBeScheduled() {
        Simulation sim = new Simulation(73);
        sim.runFor(1_000);

        assertThatThrownBy(() -> sim.at(999, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPortBoundTwiceOrPortZeroIsReportedToTheNodeAsAFailedBind() {
        Simulation sim = new Simulation(74);
        RecordingNode node = new RecordingNode(4000, 4000, 0, 70_000);
        sim.internet().addHost("h").start(node);

        sim.runFor(1);

        assertThat(node.failedBinds).containsExactly(4000, 0, 70_000);
        assertThat(sim.host("h").isBound(4000)).isTrue();
    }

    @Test
    void aNodeThatFailsStopsTheRunWithTheSeedTimeAndHostInTheMessage() {
        Simulation sim = new Simulation(75);
        Host host = sim.internet().addHost("careless");
        host.start(new Node() {
            @Override
            public void start(long now, Effects out) {
                out.setTimer(Oops.OOPS, 1_234);
            }

            @Override
            public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            }

            @Override
            public void onTimer(TimerKey key, long now, Effects out) {
                throw new IllegalStateException("a bug in the node");
            }
        });

        assertThatThrownBy(() -> sim.runFor(5_000))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("seed 75")
                .hasMessageContaining("t=1234")
                .hasMessageContaining("careless")
                .hasMessageContaining("a bug in the node");
    }

    @Test
    void aDatagramToAnUnboundPortOrAnUnknownAddressIsCountedAsDropped() {
        Simulation sim = new Simulation(76);
        Host a = sim.internet().addHost("a");
        Host b = sim.internet().addHost("b");
        b.start(new RecordingNode(1));
        a.start(new RecordingNode(1)
                .send(0, 1, b.endpoint(2), "no listener")
                .send(0, 1, Endpoint.of("192.0.2.250", 1), "nobody there"));

        sim.runFor(1_000);

        assertThat(sim.stats().dropped(NetworkDropReason.NO_LISTENER)).isEqualTo(1);
        assertThat(sim.stats().dropped(NetworkDropReason.NO_ROUTE)).isEqualTo(1);
        assertThat(sim.stats().toString()).isEqualTo("sent 2 duplicated 0 delivered 0 dropped 2 {NO_ROUTE=1, NO_LISTENER=1}");
    }
}
