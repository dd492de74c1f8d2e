package org.ptpmesh.sim.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Endpoint;

/** The stateful firewall's table: nothing translated, only the exact remote of a live flow let in. */
class FirewallTableTest {

    private static final Endpoint INSIDE = Endpoint.of("10.0.0.2", 3456);
    private static final Endpoint REMOTE = Endpoint.of("198.51.100.7", 4000);
    private final FirewallTable table = new FirewallTable(NatModel.statefulFirewall());

    @Test
    void anOutboundPacketLeavesUntranslatedAndLetsItsExactRemoteAnswer() {
        assertThat(table.outbound(INSIDE, REMOTE, 0)).isEqualTo(INSIDE);
        assertThat(table.inbound(INSIDE, REMOTE, 10)).isEqualTo(INSIDE);
        assertThat(table.inbound(INSIDE, Endpoint.of("198.51.100.7", 4001), 10)).as("another port").isNull();
        assertThat(table.inbound(INSIDE, Endpoint.of("198.51.100.8", 4000), 10)).as("another address").isNull();
        assertThat(table.inbound(Endpoint.of("10.0.0.2", 3457), REMOTE, 10)).as("another inside port").isNull();
    }

    @Test
    void anUnsolicitedPacketOrOneAfterTheFlowExpiredIsDropped() {
        assertThat(table.inbound(INSIDE, REMOTE, 0)).isNull();
        table.outbound(INSIDE, REMOTE, 0);
        long timeout = NatModel.DEFAULT_MAPPING_TIMEOUT_MILLIS;
        assertThat(table.inbound(INSIDE, REMOTE, timeout - 1)).isEqualTo(INSIDE);
        assertThat(table.inbound(INSIDE, REMOTE, timeout)).isNull();
        assertThat(table.flows(timeout)).isEmpty();
    }

    @Test
    void aTranslatingModelIsRefused() {
        assertThatThrownBy(() -> new FirewallTable(NatModel.easy())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NONE");
    }
}
