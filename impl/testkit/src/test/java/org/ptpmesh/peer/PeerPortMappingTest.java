package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.peer.LivenessModelTest.A;
import static org.ptpmesh.peer.LivenessModelTest.B;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * A peer behind a Hard NAT whose gateway grants a PCP mapping: once its NAT check is done it is
 * Static to everyone, announces the mapped address to both introducers, and deletes the mapping
 * when it stops.
 */
class PeerPortMappingTest {

    private static final InetAddress GATEWAY = address("10.1.0.1");
    private static final Endpoint GATEWAY_PCP = new Endpoint(GATEWAY, 5351);
    private static final InetAddress WAN = address("203.0.113.9");

    private final RecordingEffects fx = new RecordingEffects();
    private Peer peer;
    private byte[] request;

    @BeforeEach
    void start() {
        PeerConfig config = PeerConfig.builder("p", A, B).portMap(new PortMapGateway(GATEWAY, address("10.1.0.10"))).build();
        peer = new Peer(config, LivenessModelTest.SELF, 0, new Random(1), (from, payload, at) -> { });
        peer.start(0, fx);
        request = fx.drain().stream().filter(s -> s.to().equals(GATEWAY_PCP)).findFirst().orElseThrow().payload();
        fx.runTimers(peer, 0, 0);
        fx.clearOutput();
    }

    @Test
    void aMappedPeerIsStaticOnceClassifiedAndTellsBothIntroducersWhere() {
        grant(50000, 20);
        assertThat(peer.portMapping()).isPresent();
        assertThat(peer.nat()).as("the NAT check is still running").isEqualTo(NatType.UNKNOWN);
        assertThat(fx.drain()).as("nothing announced while the check's pings must say UNKNOWN").isEmpty();

        classifyHard();
        List<Sent> reports = fx.drain();
        assertThat(reports).extracting(Sent::to).containsExactlyInAnyOrder(A.endpoint(), B.endpoint());
        for (Sent s : reports) {
            Message ping = s.message();
            assertThat(ping.kind()).isEqualTo(MessageKind.PING);
            assertThat(ping.uint(TlvTypes.NAT)).hasValue(NatType.STATIC.code());
            assertThat(ping.uint(TlvTypes.UPNP)).hasValue(1);
            assertThat(ping.address(TlvTypes.MAPPEDADDR)).hasValue(new Endpoint(WAN, 50000));
        }
        assertThat(peer.nat()).isEqualTo(NatType.STATIC);

        peer.stop(1_000, fx);
        assertThat(fx.drain()).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo(GATEWAY_PCP);
            assertThat(ByteBuffer.wrap(s.payload()).getInt(4)).as("lifetime 0: delete").isZero();
        });
        assertThat(peer.portMapping()).isEmpty();
    }

    @Test
    void aMappingGrantedAfterTheCheckIsReportedAtOnceAndWithoutOneThePeerKeepsItsType() {
        classifyHard();
        fx.clearOutput();
        assertThat(peer.nat()).isEqualTo(NatType.HARD);
        grant(50000, 500);
        assertThat(fx.drain()).extracting(s -> s.message().address(TlvTypes.MAPPEDADDR).orElse(null))
                .containsOnly(new Endpoint(WAN, 50000)).hasSize(2);
        assertThat(peer.nat()).isEqualTo(NatType.STATIC);
    }

    @Test
    void theGatewaysAnswersAreNotCountedAsMalformedPeerTraffic() {
        grant(50000, 20);
        peer.onDatagram(3456, GATEWAY_PCP, new byte[] {2, 0, 0}, 30, fx);
        assertThat(peer.drops().total()).isZero();
    }

    /**
     * Introduced to another peer, a mapped peer sends no opener and punches only after the other
     * side's first punch had time to reach its mapped port: that punch's conntrack entry must
     * carry its answers, or its own earlier entry would make the gateway drop the other's punch.
     * A Static other side may be mapped and waiting too: of the two, the higher id (ours is
     * 0x07...) waits twice as long, or their punches would cross and each confirm a path the
     * other's data does not come on.
     */
    @ParameterizedTest(name = "other {0}, id 0x0{1}...: first punch {2} intervals after the punch delay")
    @CsvSource({"EASY, 9, 2", "EASY, 5, 2", "STATIC, 9, 2", "STATIC, 5, 4"})
    void aMappedPeerLetsTheOtherSidePunchFirst(NatType otherNat, int otherIdByte, int waitIntervals) {
        grant(50000, 20);
        classifyHard();
        fx.clearOutput();
        byte[] otherId = new byte[16];
        Arrays.fill(otherId, (byte) otherIdByte);
        PeerId other = PeerId.of(otherId);
        Endpoint otherAt = Endpoint.of("198.51.100.40", 3456);
        peer.onDatagram(3456, A.endpoint(), Messages.intro(A.peerId(), other, otherAt, otherNat, 7, null), 1_000, fx);
        PeerConfig config = PeerConfig.defaults("p", A, B);
        long firstPunch = 1_000 + config.punchDelayMillis() + waitIntervals * config.punchIntervalMillis();
        fx.runTimers(peer, 1_000, firstPunch - 1);
        assertThat(fx.drain()).as("no opener, no punch yet").noneMatch(s -> s.to().equals(otherAt));
        fx.runTimers(peer, firstPunch - 1, firstPunch);
        assertThat(fx.drain()).filteredOn(s -> s.to().equals(otherAt)).singleElement()
                .satisfies(s -> assertThat(s.ttl()).as("a normal punch, not an opener").isZero());
    }

    /** Both pongs see different ports and no TEST comes: Hard. */
    private void classifyHard() {
        peer.onDatagram(3456, A.endpoint(), Messages.pong(A.peerId(), new Endpoint(WAN, 40000), NatType.STATIC, 0), 100, fx);
        peer.onDatagram(3456, B.endpoint(), Messages.pong(B.peerId(), new Endpoint(WAN, 40001), NatType.STATIC, 0), 100, fx);
        fx.runTimers(peer, 100, 400);
    }

    /** The gateway's PCP answer to our request: the same nonce, UDP, our port mapped to {@code external}. */
    private void grant(int external, long now) {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.put((byte) 2).put((byte) 0x81).put((byte) 0).put((byte) 0).putInt(7200).putInt(1).put(new byte[12]);
        b.put(Arrays.copyOfRange(request, 24, 36)).put((byte) 17).put(new byte[3]).putShort((short) 3456)
                .putShort((short) external).put(new byte[10]).put((byte) -1).put((byte) -1).put(WAN.getAddress());
        peer.onDatagram(3456, GATEWAY_PCP, b.array(), now, fx);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
