package org.ptpmesh.dualstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** What a dual-stack peer checks and answers before any network (the simulator's DualStackPeerTest runs it). */
class DualStackPeerSetupTest {

    private static final PeerIdentity[] FOUR = {identity(1, "192.0.2.1"), identity(2, "192.0.2.2")};
    private static final PeerIdentity[] SIX = {identity(3, "2001:db8::1"), identity(4, "2001:db8::2")};

    private static PeerIdentity identity(int id, String address) {
        byte[] bytes = new byte[16];
        bytes[15] = (byte) id;
        return new PeerIdentity(bytes, Endpoint.of(address, 3456));
    }

    private static PeerConfig config(PeerIdentity[] introducers, int port, int testPort) {
        return PeerConfig.defaults("p", introducers[0], introducers[1]).withPorts(port, testPort);
    }

    private static DualStackPeer dual(int port6, int test6) {
        return new DualStackPeer("dual", config(FOUR, 3456, 3457), config(SIX, port6, test6), PeerId.random(new Random(1)), 0,
                new Random(2), (from, payload, now) -> { });
    }

    @Test
    void theHalvesMustNotShareAPortAndShareOneId() {
        assertThatThrownBy(() -> dual(3457, 3459)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the IPv6 peer needs ports of its own");
        assertThatThrownBy(() -> dual(3458, 3456)).isInstanceOf(IllegalArgumentException.class);
        DualStackPeer dual = dual(DualStackDefaults.IPV6_LOCAL_PORT, DualStackDefaults.IPV6_TEST_PORT);
        assertThat(dual.peer(Family.IPV6).id()).isEqualTo(dual.peer(Family.IPV4).id()).isEqualTo(dual.id());
    }

    @Test
    void aRemoteWithNoPathInEitherFamilyHasNoFamilyYet() {
        DualStackPeer dual = dual(3458, 3459);
        PeerId stranger = PeerId.random(new Random(3));
        assertThat(dual.familyTo(stranger)).isNull();
        assertThat(dual.pathTo(stranger)).isEqualTo(Path.NONE);
    }
}
