package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/**
 * Each NAT model's mapping (which public endpoint a host gets towards different servers) and
 * filtering (who may send to it afterwards), seen from the inside host as a real one would see
 * them: through reflectors that answer with the source address they saw.
 */
class NatMappingAndFilteringTest {

    private static final int INSIDE_PORT = 4000;

    static Stream<Arguments> mappings() {
        return Stream.of(
                Arguments.of("full cone", NatModel.fullCone(), true),
                Arguments.of("address-restricted cone", NatModel.addressRestrictedCone(), true),
                Arguments.of("easy", NatModel.easy(), true),
                Arguments.of("linux masquerade", NatModel.linuxMasquerade(), true),
                Arguments.of("hard", NatModel.hard(), false),
                Arguments.of("one-to-one", NatModel.oneToOne(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void aHostKeepsOnePublicEndpointOnlyBehindEndpointIndependentMapping(String name, NatModel model, boolean oneEndpoint) {
        Simulation sim = new Simulation(11);
        Host s1 = sim.internet().addHost("s1");
        Host s2 = sim.internet().addHost("s2");
        NatRouter nat = sim.addNat("nat", model);
        Host a = nat.lan().addHost("a");
        s1.start(RecordingNode.reflector(7000, 7001));
        s2.start(RecordingNode.reflector(7000));
        RecordingNode inside = new RecordingNode(INSIDE_PORT)
                .send(0, INSIDE_PORT, s1.endpoint(7000), "to s1:7000")
                .send(1, INSIDE_PORT, s1.endpoint(7001), "to s1:7001")
                .send(2, INSIDE_PORT, s2.endpoint(7000), "to s2:7000");
        a.start(inside);

        sim.runFor(1_000);

        List<Endpoint> seen = inside.texts().stream().map(Endpoint::parse).toList();
        assertThat(seen).as("reflections, seed %d", sim.seed()).hasSize(3);
        assertThat(seen).allMatch(e -> e.address().equals(nat.publicAddressOf(a)));
        if (oneEndpoint) {
            assertThat(Set.copyOf(seen)).containsExactly(new Endpoint(nat.publicAddressOf(a), INSIDE_PORT));
        } else {
            assertThat(Set.copyOf(seen)).hasSize(3);
        }
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("full cone", NatModel.fullCone(), List.of("exact", "same address", "other address")),
                Arguments.of("address-restricted cone", NatModel.addressRestrictedCone(), List.of("exact", "same address")),
                Arguments.of("easy", NatModel.easy(), List.of("exact")),
                Arguments.of("hard", NatModel.hard(), List.of("exact")),
                Arguments.of("one-to-one", NatModel.oneToOne(), List.of("exact", "same address", "other address")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void onlyTheSendersTheFilterAdmitsGetThrough(String name, NatModel model, List<String> admitted) {
        Simulation sim = new Simulation(12);
        NatRouter nat = sim.addNat("nat", model);
        Host a = nat.lan().addHost("a");
        Host s1 = sim.internet().addHost("s1");
        Host s2 = sim.internet().addHost("s2");
        RecordingNode inside = new RecordingNode(INSIDE_PORT).send(0, INSIDE_PORT, s1.endpoint(7000), "hello");
        a.start(inside);
        RecordingNode server1 = new RecordingNode(7000, 7001);
        s1.start(server1);
        // the public endpoint the NAT gave the inside host, as server 1 saw it
        java.util.function.Supplier<Endpoint> mapped = () -> server1.senders().get(0);
        server1.send(100, 7000, mapped, "exact", 0).send(100, 7001, mapped, "same address", 0);
        s2.start(new RecordingNode(7000).send(100, 7000, mapped, "other address", 0));

        sim.runFor(1_000);

        assertThat(inside.texts()).as("seed %d", sim.seed()).containsExactlyInAnyOrderElementsOf(admitted);
        assertThat(sim.stats().dropped(NetworkDropReason.NAT_FILTER)).isEqualTo(3 - admitted.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void anUnsolicitedDatagramGetsInOnlyThroughAOneToOneNat(String name, NatModel model, boolean ignored) {
        Simulation sim = new Simulation(13);
        NatRouter nat = sim.addNat("nat", model);
        Host a = nat.lan().addHost("a");
        Host s = sim.internet().addHost("s");
        RecordingNode inside = new RecordingNode(INSIDE_PORT);
        a.start(inside);
        s.start(new RecordingNode(7000).send(0, 7000, new Endpoint(nat.publicAddressOf(a), INSIDE_PORT), "unsolicited"));

        sim.runFor(1_000);

        boolean oneToOne = model.mapping() == NatModel.Mapping.ONE_TO_ONE;
        assertThat(inside.texts()).hasSize(oneToOne ? 1 : 0);
        assertThat(sim.stats().dropped(NetworkDropReason.NAT_FILTER)).isEqualTo(oneToOne ? 0 : 1);
        assertThat(nat.unsolicitedEntries()).hasSize(model.linuxConntrack() ? 1 : 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void twoHostsOnOnePortShareNoPublicEndpoint(String name, NatModel model, boolean ignored) {
        Simulation sim = new Simulation(14);
        NatRouter nat = sim.addNat("nat", model);
        Host s = sim.internet().addHost("s");
        s.start(RecordingNode.reflector(7000));
        RecordingNode a = new RecordingNode(INSIDE_PORT).send(0, INSIDE_PORT, s.endpoint(7000), "a");
        RecordingNode b = new RecordingNode(INSIDE_PORT).send(0, INSIDE_PORT, s.endpoint(7000), "b");
        nat.lan().addHost("a").start(a);
        nat.lan().addHost("b").start(b);

        sim.runFor(1_000);

        assertThat(a.texts()).hasSize(1);
        assertThat(b.texts()).hasSize(1);
        assertThat(a.texts().get(0)).isNotEqualTo(b.texts().get(0));
    }
}
