package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/**
 * Every router that forwards a datagram takes one off its TTL and drops it at 0. From a host
 * behind NAT A to a host behind NAT B the routers are NAT A, the internet, NAT B: TTL 2 opens
 * NAT A's mapping and dies at the internet router, TTL 3 dies at NAT B, TTL 4 arrives.
 */
class TtlTest {

    private static final int PORT = 5000;

    private final Simulation sim = new Simulation(21);
    private final NatRouter natA = sim.addNat("nat-a", NatModel.easy());
    private final NatRouter natB = sim.addNat("nat-b", NatModel.fullCone());
    private final Host a = natA.lan().addHost("a");
    private final Host b = natB.lan().addHost("b");
    private final Host server = sim.internet().addHost("server");
    private final DropLog drops = new DropLog();
    private final List<Integer> ttlOnArrival = new ArrayList<>();

    TtlTest() {
        sim.addPacketListener(drops);
        sim.addPacketListener(new PacketListener() {
            @Override
            public void delivered(PacketInfo packet, String host) {
                ttlOnArrival.add(packet.ttl());
            }
        });
        server.start(new RecordingNode(PORT));
    }

    @ParameterizedTest(name = "TTL {0}")
    @CsvSource({
        "1, nat-a,",
        "2, internet,",
        "3, nat-b,",
        "4, , 1",
        "0, , 61"})
    void aDatagramFromLanToLanDiesAtTheRouterThatWouldForwardItWithTtlZero(int ttl, String diesAt, Integer arrivesWith) {
        RecordingNode receiver = new RecordingNode(PORT);
        // b's full-cone mapping is open to anyone once b has sent something out
        b.start(receiver.send(0, PORT, server.endpoint(PORT), "open"));
        Endpoint bPublic = new Endpoint(natB.publicAddress(), PORT);
        a.start(new RecordingNode(PORT).send(100, PORT, () -> bPublic, "hello", ttl));

        sim.runFor(1_000);

        if (diesAt != null) {
            assertThat(drops.drops).singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo(NetworkDropReason.TTL_EXPIRED))
                    .satisfies(d -> assertThat(d.where()).isEqualTo(diesAt));
            assertThat(receiver.texts()).isEmpty();
        } else {
            assertThat(drops.drops).isEmpty();
            assertThat(receiver.texts()).containsExactly("hello");
            assertThat(ttlOnArrival).last().isEqualTo(arrivesWith);
        }
        // a datagram that dies inside its own NAT was never forwarded, so it maps nothing
        boolean mapped = natA.flows().stream().anyMatch(f -> f.remote().equals(bPublic));
        assertThat(mapped).isEqualTo(ttl != 1);
    }

    @Test
    void aPublicHostIsOneRouterAwayFromAnother() {
        Host other = sim.internet().addHost("other");
        RecordingNode receiver = new RecordingNode(PORT);
        other.start(receiver);
        server.restart(new RecordingNode(PORT)
                .send(0, PORT, () -> other.endpoint(PORT), "ttl 1", 1)
                .send(0, PORT, () -> other.endpoint(PORT), "ttl 2", 2));

        sim.runFor(1_000);

        assertThat(receiver.texts()).containsExactly("ttl 2");
        assertThat(drops.drops).singleElement().satisfies(d -> assertThat(d.where()).isEqualTo("internet"));
    }

    @Test
    void hostsOnOneLanReachEachOtherWithoutARouter() {
        Host neighbour = natA.lan().addHost("neighbour");
        RecordingNode receiver = new RecordingNode(PORT);
        neighbour.start(receiver);
        a.start(new RecordingNode(PORT).send(0, PORT, () -> neighbour.endpoint(PORT), "ttl 1", 1));

        sim.runFor(1_000);

        assertThat(receiver.received).singleElement()
                .satisfies(r -> assertThat(r.from()).isEqualTo(a.endpoint(PORT)));
        assertThat(ttlOnArrival).containsExactly(1);
    }
}
