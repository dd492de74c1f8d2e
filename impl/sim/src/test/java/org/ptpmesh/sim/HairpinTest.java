package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/** Two hosts behind the same NAT: private addresses always work; public ones only if the NAT hairpins. */
class HairpinTest {

    private static final int PORT = 3456;

    @ParameterizedTest(name = "hairpinning {0}")
    @ValueSource(booleans = {true, false})
    void lanPeersReachEachOthersPublicEndpointOnlyThroughAHairpinningNat(boolean hairpinning) {
        Simulation sim = new Simulation(41);
        NatRouter nat = sim.addNat("nat", NatModel.fullCone().withHairpinning(hairpinning));
        Host server = sim.internet().addHost("server");
        server.start(RecordingNode.reflector(PORT));
        Host a = nat.lan().addHost("a");
        Host b = nat.lan().addHost("b");
        RecordingNode aNode = new RecordingNode(PORT);
        RecordingNode bNode = new RecordingNode(PORT);
        // each learns its public endpoint from the reflector, then aims at the other's
        aNode.send(0, PORT, server.endpoint(PORT), "who am I");
        bNode.send(0, PORT, server.endpoint(PORT), "who am I");
        aNode.send(100, PORT, () -> Endpoint.parse(bNode.texts().get(0)), "via public", 0);
        aNode.send(100, PORT, () -> b.endpoint(PORT), "via lan", 0);
        a.start(aNode);
        b.start(bNode);
        int flowsBefore = 2;

        sim.runFor(1_000);

        Endpoint aPublic = Endpoint.parse(aNode.texts().get(0));
        if (hairpinning) {
            assertThat(bNode.received).extracting(RecordingNode.Received::text, RecordingNode.Received::from)
                    .contains(org.assertj.core.groups.Tuple.tuple("via public", aPublic),
                            org.assertj.core.groups.Tuple.tuple("via lan", a.endpoint(PORT)));
            assertThat(nat.flows()).hasSize(flowsBefore + 1);
        } else {
            assertThat(bNode.texts()).contains("via lan").doesNotContain("via public");
            assertThat(sim.stats().dropped(NetworkDropReason.NO_HAIRPIN)).isEqualTo(1);
            assertThat(nat.flows()).hasSize(flowsBefore);
        }
    }
}
