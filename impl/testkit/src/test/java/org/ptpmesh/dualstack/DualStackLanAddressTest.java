package org.ptpmesh.dualstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Each half of a dual-stack peer announces, in its pings' PTPADDR, the host's LAN address of its
 * own family, whatever order the host lists its addresses in: a sibling behind the same public
 * address punches to it in that family.
 */
class DualStackLanAddressTest {

    private static final PeerIdentity FOUR_A = identity(1, "192.0.2.1");
    private static final PeerIdentity FOUR_B = identity(2, "192.0.2.2");
    private static final PeerIdentity SIX_A = identity(3, "2001:db8::1");
    private static final PeerIdentity SIX_B = identity(4, "2001:db8::2");
    private static final int PORT6 = DualStackDefaults.IPV6_LOCAL_PORT;

    private static PeerIdentity identity(int id, String address) {
        byte[] bytes = new byte[16];
        bytes[15] = (byte) id;
        return new PeerIdentity(bytes, Endpoint.of(address, 3456));
    }

    /** The pings the peer sends at start, once the host reported {@code addresses}. */
    private static List<Sent> firstPings(String... addresses) throws UnknownHostException {
        DualStackPeer dual = new DualStackPeer("dual", PeerConfig.defaults("p4", FOUR_A, FOUR_B),
                PeerConfig.defaults("p6", SIX_A, SIX_B).withPorts(PORT6, DualStackDefaults.IPV6_TEST_PORT),
                PeerId.random(new Random(1)), 0, new Random(2), (from, payload, now) -> { });
        RecordingEffects fx = new RecordingEffects();
        dual.start(0, fx);
        List<InetAddress> host = new ArrayList<>();
        for (String a : addresses) {
            host.add(InetAddress.getByName(a));
        }
        dual.onAddressesChanged(host, 0, fx);
        fx.runTimers(dual, 0, 0);
        List<Sent> pings = fx.drain().stream().filter(s -> s.message().kind() == MessageKind.PING).toList();
        assertThat(pings).extracting(Sent::to).containsExactlyInAnyOrder(FOUR_A.endpoint(), FOUR_B.endpoint(),
                SIX_A.endpoint(), SIX_B.endpoint());
        return pings;
    }

    private static Endpoint lanAddressIn(Sent ping) {
        Message m = ping.message();
        return m.has(TlvTypes.PTPADDR) ? m.address(TlvTypes.PTPADDR).orElseThrow() : null;
    }

    @Test
    void eachHalfAnnouncesItsOwnFamilysLanAddressInEitherOrder() throws UnknownHostException {
        for (List<String> order : List.of(List.of("10.0.0.2", "fd00::2"), List.of("fd00::2", "10.0.0.2"))) {
            for (Sent ping : firstPings(order.toArray(String[]::new))) {
                Endpoint expected = ping.to().isIpv4() ? Endpoint.of("10.0.0.2", 3456) : Endpoint.of("fd00::2", PORT6);
                assertThat(lanAddressIn(ping)).as("PTPADDR of the ping to " + ping.to() + " with addresses " + order)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void aHalfWithoutAnAddressOfItsFamilyAnnouncesNoneAndPadsItsPing() throws UnknownHostException {
        for (Sent ping : firstPings("10.0.0.2")) {
            if (ping.to().isIpv4()) {
                assertThat(lanAddressIn(ping)).isEqualTo(Endpoint.of("10.0.0.2", 3456));
            } else {
                assertThat(lanAddressIn(ping)).as("no IPv4 address in an IPv6 ping").isNull();
                assertThat(ping.message().has(TlvTypes.SEQUENCE)).as("SEQUENCE takes PTPADDR's room").isTrue();
            }
        }
    }
}
