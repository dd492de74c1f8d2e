package org.ptpmesh.sim.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Endpoint;

/** A forwarded port on a Hard NAT: who gets in, and which port the inside host's answers leave from. */
class FlowTableForwardTest {

    private static final InetAddress PUBLIC = Endpoint.of("203.0.113.1", 0).address();
    private static final Endpoint HOST = Endpoint.of("10.0.1.2", 3456);
    private static final Endpoint REMOTE = Endpoint.of("198.51.100.9", 4000);
    private static final Endpoint ANOTHER_REMOTE = Endpoint.of("192.0.2.7", 5000);

    private final FlowTable table = new FlowTable(NatModel.linuxMasqueradeFullyRandom(), PUBLIC, new SplittableRandom(3));

    @Test
    void answersToADatagramTheForwardLetInLeaveFromTheForwardedPort() {
        PortForward forward = table.forward(HOST, 40_000, 60_000, 0);
        assertThat(table.inbound(new Endpoint(PUBLIC, 40_000), REMOTE, 10)).isEqualTo(HOST);
        assertThat(table.outbound(HOST, REMOTE, 20)).as("the reply, as conntrack reverses the DNAT")
                .isEqualTo(new Endpoint(PUBLIC, forward.externalPort()));
        assertThat(table.outbound(HOST, ANOTHER_REMOTE, 30)).as("a Hard NAT's own choice towards someone new")
                .isNotEqualTo(new Endpoint(PUBLIC, 40_000));
    }

    @Test
    void aDatagramFromARemoteTheHostAlreadyTalksToFromAnotherPortClashesAndIsDropped() {
        table.forward(HOST, 40_000, 60_000, 0);
        Endpoint leftAs = table.outbound(HOST, REMOTE, 5);
        assertThat(leftAs.port()).isNotEqualTo(40_000);
        assertThat(table.inbound(new Endpoint(PUBLIC, 40_000), REMOTE, 10)).isNull();
        assertThat(table.inbound(new Endpoint(PUBLIC, 40_000), ANOTHER_REMOTE, 10)).isEqualTo(HOST);
    }

    @Test
    void theFlowAForwardOpenedOutlivesTheForwardUntilItTimesOut() {
        table.forward(HOST, 40_000, 10_000, 0);
        table.inbound(new Endpoint(PUBLIC, 40_000), REMOTE, 1_000);
        assertThat(table.unforward(HOST, 2_000)).isTrue();
        assertThat(table.unforward(HOST, 2_000)).as("deleted once").isFalse();
        assertThat(table.inbound(new Endpoint(PUBLIC, 40_000), ANOTHER_REMOTE, 3_000)).as("the forward is gone").isNull();
        assertThat(table.inbound(new Endpoint(PUBLIC, 40_000), REMOTE, 3_000)).as("its flow is not").isEqualTo(HOST);
    }

    @Test
    void aSuggestedPortHeldByAnotherHostsFlowsIsNotForwarded() {
        Endpoint other = Endpoint.of("10.0.1.3", 3456);
        int taken = table.outbound(other, REMOTE, 0).port();
        PortForward forward = table.forward(HOST, taken, 60_000, 1);
        assertThat(forward.externalPort()).isNotEqualTo(taken);
        assertThat(table.inbound(new Endpoint(PUBLIC, taken), REMOTE, 2)).as("the other host's flow keeps its port").isEqualTo(other);
    }
}
