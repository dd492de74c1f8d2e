package org.ptpmesh.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.FloodDatagrams;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * What one ptpserver process (both roles) does with 100,000 random, mutated and spoofed
 * datagrams, driven without sockets so every one of them arrives: it never throws, no forged
 * source gets into its tables (none can echo a cookie sent to the address it forged), what it refused is counted under both roles' reasons, and a
 * well-formed client arriving afterwards is served at once.
 */
class ServerNodeFloodTest {

    private static final int PORT = 23456;
    private static final int FLOOD = 100_000;
    private static final int MAX_CLIENTS = 300;

    @Test
    void aFloodNeitherBreaksNorFillsTheServerBeyondItsBounds() {
        ServerConfig config = ServerConfig.defaults().withPort(PORT).withBounds(MAX_CLIENTS, 20, 10, 2_000);
        IntroducerConfig introducerConfig = IntroducerConfig.builder("ptpserver", PORT).registrationMillis(30_000)
                .maxRegistrations(MAX_CLIENTS).relayQuota(100).build();
        ServerNode server = new ServerNode(new RendezvousServer(config, RendezvousListener.NONE, new Random(3)),
                new Introducer(introducerConfig, PeerId.random(new Random(1)), 0, new Random(4)), PORT);
        RecordingEffects fx = new RecordingEffects();
        long now = 1_700_000_000_000L;
        server.start(now, fx);

        Random random = new Random(2014);
        List<byte[]> templates = templates(random);
        for (int i = 0; i < FLOOD; i++) {
            // a third from four busy sources, the rest spoofed from a long tail of addresses
            Endpoint from = i % 3 == 0 ? Endpoint.of("203.0.113.1", 1024 + random.nextInt(4))
                    : Endpoint.of("203.0.113." + random.nextInt(256), 1024 + random.nextInt(60_000));
            byte[] d = switch (random.nextInt(4)) {
                case 0 -> FloodDatagrams.randomBytes(random);
                case 1 -> Messages.ping(PeerId.random(random), NatType.UNKNOWN, 0, 0, null, 1L << 40);
                default -> FloodDatagrams.mutated(templates.get(random.nextInt(templates.size())), random);
            };
            server.onDatagram(random.nextInt(20) == 0 ? PORT + 1 : PORT, from, d, now, fx);
            if (i % 100 == 99) {
                now = fx.runTimers(server, now, now + 10);
                fx.clearOutput();
            }
        }

        // no forged source proved its address: nothing registered, no table to fill
        assertThat(server.rendezvous().clientCount()).isZero();
        assertThat(server.introducer().registrations()).isZero();
        assertThat(server.drops()).containsKeys("bad_checksum", "rate_limited", "introducer_wrong_port");
        assertThat(server.drops().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(FLOOD / 2);

        fx.clearOutput();
        Endpoint newcomer = Endpoint.of("198.51.100.20", 40000);
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) 7);
        server.onDatagram(PORT, newcomer, Codec.encode(Message.of(MessageKind.REGISTER, id).uint(TlvTypes.CLIENTVER, 1)
                .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, newcomer).uint(TlvTypes.MYTS, 5).build()), now, fx);
        assertThat(fx.sent).anySatisfy(s -> {
            assertThat(s.to()).isEqualTo(newcomer);
            assertThat(s.message().kind()).isEqualTo(MessageKind.ECHO);
        });
    }

    private static List<byte[]> templates(Random random) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        PeerId peer = PeerId.of(id);
        Endpoint addr = Endpoint.of("10.0.0.1", 4000);
        return List.of(
                Codec.encode(Message.of(MessageKind.REGISTER, id).uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1)
                        .address(TlvTypes.PTPADDR, addr).uint(TlvTypes.MYTS, 5).json(TlvTypes.META, "{\"a\":1}").build()),
                Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1).bytes(TlvTypes.UUID, id)
                        .uint(TlvTypes.YOURTS, 5).build()),
                Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).bytes(TlvTypes.UUID, id).uint(TlvTypes.SHUTDOWN, 1).build()),
                Messages.ping(peer, NatType.EASY, 0, 3457, addr, 1L << 40),
                Messages.introRequest(peer, PeerId.random(random), NatType.HARD),
                Messages.relay(peer, PeerId.random(random), new byte[] {1, 2, 3}));
    }
}
