package org.ptpmesh.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.secure.KeyedPeerId;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/** One ptpserver's two roles driven by hand: one rate budget per source, one view of the drops. */
class ServerNodeTest {

    private static final int PORT = 23456;
    private static final int BURST = 10;
    private static final Endpoint FLOODER = Endpoint.of("203.0.113.9", 40000);

    private final RecordingEffects fx = new RecordingEffects();
    private ServerNode server;

    @BeforeEach
    void start() {
        ServerConfig config = ServerConfig.defaults().withPort(PORT).withBounds(1_000, BURST, 1, 1_000);
        server = new ServerNode(new RendezvousServer(config, RendezvousListener.NONE, new Random(1)),
                new Introducer(IntroducerConfig.defaults("ptpserver", PORT), id(1), 0, new Random(2)), PORT);
        server.start(0, fx);
        fx.clearOutput();
    }

    private static PeerId id(int b) {
        byte[] bytes = new byte[16];
        bytes[15] = (byte) b;
        return PeerId.of(bytes);
    }

    @Test
    void wellFormedPingsBeyondTheSourcesBudgetAreRefusedAndCounted() {
        byte[] ping = Messages.ping(id(2), NatType.UNKNOWN, 0, 0, null, 1L << 40);
        for (int i = 0; i < 100; i++) {
            server.onDatagram(PORT, FLOODER, ping, 5, fx);
        }
        // the burst is answered (one PONG each, a challenge), the rest is refused before the introducer sees it
        assertThat(fx.sent).hasSize(BURST).allSatisfy(s -> assertThat(s.message().kind()).isEqualTo(MessageKind.PONG));
        assertThat(server.drops()).containsEntry("rate_limited", 100L - BURST);
    }

    /** A 32-byte stand-in public key, every byte {@code fill}: a test key tells its owner by its byte. */
    private static byte[] keyOf(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    /** The key a sealed datagram proved reaches whichever role the datagram is for, and each role binds its own registration. */
    @Test
    void bothRolesSeeTheKeyOfASealedDatagramAndRefusePlainClaimsOnItsId() {
        byte[] key = keyOf(0x5a);
        PeerId keyed = KeyedPeerId.of(key);
        Endpoint at = Endpoint.of("198.51.100.5", 40000);
        byte[] register = registerSealed(keyed, key, at);
        byte[] ping = Messages.ping(keyed, NatType.EASY, 0, 0, null, 1L << 40);
        fx.clearOutput();
        server.onMessage(PORT, at, new DecodedDatagram().decode(ping).authenticatedBy(key), 6, fx);
        byte[] proven = Messages.ping(keyed, NatType.EASY, 0, 0, null, 1L << 40, fx.sent.get(0).message().uint(TlvTypes.MYTS).orElseThrow());
        server.onMessage(PORT, at, new DecodedDatagram().decode(proven).authenticatedBy(key), 6, fx);
        assertThat(server.rendezvous().clientCount()).isOne();
        assertThat(server.introducer().isRegistered(keyed)).isTrue();
        assertThat(server.drops()).isEmpty();

        server.onDatagram(PORT, FLOODER, register, 7, fx);
        server.onDatagram(PORT, FLOODER, ping, 7, fx);
        assertThat(server.drops()).containsEntry("keyed_id_claimed_plain", 1L)
                .containsEntry(ServerNode.INTRODUCER_DROPS + "keyed_id_claimed_plain", 1L);
    }

    /** One process is one server: an id one role bound to its key cannot be claimed plain at the other. */
    @Test
    void anIdBoundByOneRoleIsNotClaimedPlainAtTheOther() {
        byte[] clientKey = keyOf(0x21);
        PeerId client = KeyedPeerId.of(clientKey);
        Endpoint at = Endpoint.of("198.51.100.6", 40000);
        registerSealed(client, clientKey, at);
        assertThat(server.rendezvous().boundKey(client)).isEqualTo(clientKey);

        byte[] peerKey = keyOf(0x43);
        PeerId peer = KeyedPeerId.of(peerKey);
        byte[] peerPing = Messages.ping(peer, NatType.EASY, 0, 0, null, 1L << 40);
        fx.clearOutput();
        server.onMessage(PORT, at, new DecodedDatagram().decode(peerPing).authenticatedBy(peerKey), 6, fx);
        byte[] proven = Messages.ping(peer, NatType.EASY, 0, 0, null, 1L << 40, fx.sent.get(0).message().uint(TlvTypes.MYTS).orElseThrow());
        server.onMessage(PORT, at, new DecodedDatagram().decode(proven).authenticatedBy(peerKey), 6, fx);
        assertThat(server.introducer().boundKey(peer)).isEqualTo(peerKey);
        assertThat(server.drops()).isEmpty();

        // the client registered with the rendezvous role only, the peer pinged the introducer only
        byte[] clientPing = Messages.ping(client, NatType.EASY, 0, 0, null, 1L << 40);
        byte[] peerRegister = Codec.encode(Message.of(MessageKind.REGISTER, peer.bytes()).uint(TlvTypes.CLIENTVER, 1)
                .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, FLOODER).uint(TlvTypes.MYTS, 5).build());
        fx.clearOutput();
        server.onDatagram(PORT, FLOODER, clientPing, 7, fx);
        server.onDatagram(PORT, FLOODER, peerRegister, 7, fx);

        assertThat(server.drops()).containsEntry("keyed_id_claimed_plain", 1L)
                .containsEntry(ServerNode.INTRODUCER_DROPS + "keyed_id_claimed_plain", 1L);
        assertThat(server.introducer().isRegistered(client)).isFalse();
        assertThat(server.rendezvous().clientCount()).isOne();
        assertThat(fx.sent).as("neither claim is answered").isEmpty();
    }

    /** Registers {@code id} with the rendezvous role in a session of {@code key}, its challenge answered; the REGISTER. */
    private byte[] registerSealed(PeerId id, byte[] key, Endpoint at) {
        byte[] register = Codec.encode(Message.of(MessageKind.REGISTER, id.bytes()).uint(TlvTypes.CLIENTVER, 1)
                .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, at).uint(TlvTypes.MYTS, 5).build());
        fx.clearOutput();
        server.onMessage(PORT, at, new DecodedDatagram().decode(register).authenticatedBy(key), 5, fx);
        long cookie = fx.sent.get(0).message().uint(TlvTypes.MYTS).orElseThrow();
        byte[] echo = Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 2)
                .bytes(TlvTypes.UUID, id.bytes()).uint(TlvTypes.YOURTS, cookie).build());
        server.onMessage(PORT, at, new DecodedDatagram().decode(echo).authenticatedBy(key), 5, fx);
        return register;
    }

    @Test
    void relaysAreHeldToTheRelayQuotaNotToTheSourcesBudget() {
        byte[] relay = Messages.relay(id(2), id(3), new byte[] {1, 2, 3});
        for (int i = 0; i < 100; i++) {
            server.onDatagram(PORT, FLOODER, relay, 5, fx);
        }
        // all reach the introducer, which refuses them for its own reason: id 2 never registered
        assertThat(server.drops()).containsEntry(ServerNode.INTRODUCER_DROPS + "relay_unregistered", 100L)
                .doesNotContainKey("rate_limited");
    }

    @Test
    void registrationsAndPingsShareOneBudgetPerSource() {
        byte[] ping = Messages.ping(id(2), NatType.UNKNOWN, 0, 0, null, 1L << 40);
        for (int i = 0; i < BURST; i++) {
            server.onDatagram(PORT, FLOODER, ping, 5, fx);
        }
        byte[] register = Codec.encode(Message.of(MessageKind.REGISTER, id(3).bytes()).uint(TlvTypes.CLIENTVER, 1)
                .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, FLOODER).uint(TlvTypes.MYTS, 5).build());
        fx.clearOutput();
        server.onDatagram(PORT, FLOODER, register, 5, fx);
        assertThat(fx.sent).isEmpty();
        assertThat(server.drops()).containsEntry("rate_limited", 1L);
        // another source still has its whole budget: its registration is answered (with a challenge)
        Endpoint other = Endpoint.of("203.0.113.10", 40000);
        server.onDatagram(PORT, other, register, 5, fx);
        assertThat(fx.sent).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo(other);
            assertThat(s.message().kind()).isEqualTo(MessageKind.ECHO);
        });
    }

    @Test
    void dropsShowBothRolesTheIntroducersPrefixed() {
        // anything at the port TEST messages leave from: the introducer refuses it
        server.onDatagram(PORT + 1, FLOODER, Messages.ping(id(2), NatType.UNKNOWN, 0, 0, null, 1L << 40), 5, fx);
        // a datagram with a bad checksum: the rendezvous server refuses it
        byte[] bad = Messages.ping(id(2), NatType.UNKNOWN, 0, 0, null, 1L << 40);
        bad[bad.length - 1] ^= 1;
        server.onDatagram(PORT, Endpoint.of("203.0.113.11", 40000), bad, 5, fx);

        assertThat(server.introducer().drops().get("wrong_port")).isOne();
        assertThat(server.drops()).containsEntry(ServerNode.INTRODUCER_DROPS + "wrong_port", 1L)
                .containsEntry("bad_checksum", 1L).hasSize(2);
    }
}
