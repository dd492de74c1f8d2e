package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/**
 * A mapping lives for its timeout after the last outbound datagram, to the millisecond (links
 * here have no delay, so send time is arrival time).
 */
class MappingTimeoutTest {

    private static final int PORT = 4000;

    /** Returns what the inside host got of two replies sent at {@code lastAlive} and one ms later. */
    private static List<String> repliesAround(NatModel model, long refreshAt, long lastAlive) {
        Simulation sim = new Simulation(51);
        sim.setDefaultLanLink(LinkProfile.IDEAL);
        sim.setDefaultUplink(LinkProfile.IDEAL);
        NatRouter nat = sim.addNat("nat", model);
        Host server = sim.internet().addHost("server");
        Host a = nat.lan().addHost("a");
        RecordingNode inside = new RecordingNode(PORT).send(0, PORT, server.endpoint(PORT), "out");
        if (refreshAt > 0) {
            inside.send(refreshAt, PORT, server.endpoint(PORT), "refresh");
        }
        a.start(inside);
        Endpoint mapped = new Endpoint(nat.publicAddress(), PORT);
        server.start(new RecordingNode(PORT)
                .send(lastAlive, PORT, mapped, "still mapped")
                .send(lastAlive + 1, PORT, mapped, "expired"));
        sim.runFor(lastAlive + 1_000);
        return inside.texts();
    }

    @ParameterizedTest(name = "timeout {0} ms, refreshed at {1}")
    @CsvSource({"30000, 0", "30000, 20000", "5000, 0", "5000, 4000"})
    void aMappingExpiresItsTimeoutAfterTheLastOutboundDatagram(long timeout, long refreshAt) {
        NatModel model = NatModel.easy().withMappingTimeoutMillis(timeout);

        assertThat(repliesAround(model, refreshAt, refreshAt + timeout - 1)).containsExactly("still mapped");
    }

    @Test
    void theDefaultTimeoutIsThirtySeconds() {
        assertThat(NatModel.easy().mappingTimeoutMillis()).isEqualTo(30_000);
        assertThat(repliesAround(NatModel.fullCone(), 0, 29_999)).containsExactly("still mapped");
    }

    @Test
    void inboundTrafficDoesNotRefreshAMapping() {
        Simulation sim = new Simulation(52);
        sim.setDefaultLanLink(LinkProfile.IDEAL);
        sim.setDefaultUplink(LinkProfile.IDEAL);
        NatRouter nat = sim.addNat("nat", NatModel.easy());
        Host server = sim.internet().addHost("server");
        RecordingNode inside = new RecordingNode(PORT).send(0, PORT, server.endpoint(PORT), "out");
        nat.lan().addHost("a").start(inside);
        Endpoint mapped = new Endpoint(nat.publicAddress(), PORT);
        RecordingNode outside = new RecordingNode(PORT);
        for (long t = 10_000; t <= 40_000; t += 10_000) {
            outside.send(t, PORT, mapped, "at " + t);
        }
        server.start(outside);

        sim.runFor(50_000);

        assertThat(inside.texts()).containsExactly("at 10000", "at 20000");
    }

    @Test
    void aHardNatHandsOutANewPortOnceTheOldMappingExpired() {
        Simulation sim = new Simulation(53);
        NatRouter nat = sim.addNat("nat", NatModel.hard());
        Host server = sim.internet().addHost("server");
        server.start(RecordingNode.reflector(PORT));
        RecordingNode inside = new RecordingNode(PORT)
                .send(0, PORT, server.endpoint(PORT), "first")
                .send(10_000, PORT, server.endpoint(PORT), "within timeout")
                .send(50_000, PORT, server.endpoint(PORT), "after timeout");
        nat.lan().addHost("a").start(inside);

        sim.runFor(60_000);

        List<String> seen = inside.texts();
        assertThat(seen).hasSize(3);
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(2)).isNotEqualTo(seen.get(1));
    }
}
