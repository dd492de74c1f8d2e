package org.ptpmesh.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageArbitraries;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;

/**
 * Bytes out per byte in, for every message kind, from a source no one has validated: what a
 * ptpserver (rendezvous server and introducer) sends anyone because of one datagram forged from a
 * victim's address, at once and over the 30 s after. Each kind is tried as generated (every
 * field random, optional ones at random), with every integer at its narrowest width (the
 * smallest datagram of that content), and for ptptest's kinds without MSGKIND. The worst ratio
 * per kind is printed (the table in docs/protocol.md, "Address validation") and must be at most 1.
 */
class ReflectionBoundTest {

    private static final int PORT = 23456;
    private static final int SAMPLES = 150;
    private static final Endpoint VICTIM = Endpoint.of("192.0.2.66", 5353);

    @Test
    void noKindFromAnUnvalidatedSourceBringsMoreBytesThanItHas() {
        Map<MessageKind, double[]> worst = new EnumMap<>(MessageKind.class);
        for (MessageKind kind : MessageKind.values()) {
            double[] w = {0, 0};
            for (int seed = 0; seed < SAMPLES; seed++) {
                Message generated = MessageArbitraries.randomMessage(kind, seed);
                for (Message m : variants(generated)) {
                    byte[] datagram = Codec.encode(m);
                    long out = bytesOut(datagram, seed);
                    double ratio = (double) out / datagram.length;
                    assertThat(ratio).as("%s, %d bytes: %d bytes out", kind, datagram.length, out).isLessThanOrEqualTo(1.0);
                    if (ratio > w[0]) {
                        w[0] = ratio;
                        w[1] = datagram.length;
                    }
                }
            }
            worst.put(kind, w);
        }
        StringBuilder table = new StringBuilder("| kind | worst bytes out / in | for a datagram of |\n|---|---|---|\n");
        worst.forEach((kind, w) -> table.append(w[0] == 0 ? String.format("| %s | 0 (no answer) | - |%n", kind)
                : String.format("| %s | %.2f | %d bytes |%n", kind, w[0], (long) w[1])));
        System.out.print(table);
    }

    /** The message as generated, with its integers at their narrowest, and without MSGKIND for ptptest's kinds. */
    private static List<Message> variants(Message m) {
        List<Message> out = new ArrayList<>(List.of(m, narrowest(m)));
        if (m.kind() != null && m.kind().code() <= MessageKind.SHUTDOWN.code()) {
            Message.Builder b = Message.builder();
            m.tlvs().stream().filter(t -> t.type() != TlvTypes.MSGKIND).forEach(b::add);
            Message legacy = b.build();
            if (legacy.kind() == m.kind()) {
                out.add(legacy);
                out.add(narrowest(legacy));
            }
        }
        return out;
    }

    private static Message narrowest(Message m) {
        Message.Builder b = Message.builder();
        for (Tlv t : m.tlvs()) {
            b.add(t instanceof Tlv.UintTlv u ? new Tlv.UintTlv(u.type(), u.value() & 0xFF, 1) : t);
        }
        return b.build();
    }

    /**
     * A fresh ptpserver with an honest client and an honest peer registered, the datagram forged
     * from the victim's address, then 30 s of timers: every byte sent to the victim's address, and
     * every byte the datagram made it send at once to anyone.
     */
    private static long bytesOut(byte[] datagram, long seed) {
        Random random = new Random(seed);
        ServerNode server = new ServerNode(new RendezvousServer(ServerConfig.defaults().withPort(PORT), RendezvousListener.NONE,
                random), new Introducer(IntroducerConfig.defaults("ptpserver", PORT), PeerId.random(random), 0, random), PORT);
        RecordingEffects fx = new RecordingEffects();
        long now = 1_700_000_000_000L;
        server.start(now, fx);
        Honest.register(server, fx, now);
        fx.clearOutput();
        server.onDatagram(PORT, VICTIM, datagram, now, fx);
        long atOnce = fx.sent.stream().mapToLong(s -> s.payload().length).sum();
        fx.runTimers(server, now, now + 30_000);
        long later = fx.sent.stream().filter(s -> s.to().address().equals(VICTIM.address()))
                .mapToLong(s -> s.payload().length).sum();
        return Math.max(atOnce, later);
    }

    /** A client and a peer that proved their addresses, so the server has lists to send and peers to introduce. */
    private static final class Honest {
        static final Endpoint CLIENT = Endpoint.of("198.51.100.1", 4000);
        static final Endpoint PEER = Endpoint.of("198.51.100.2", 3456);

        static void register(ServerNode server, RecordingEffects fx, long now) {
            byte[] id = new byte[16];
            id[0] = 1;
            server.onDatagram(PORT, CLIENT, Codec.encode(Message.of(MessageKind.REGISTER, id).uint(TlvTypes.CLIENTVER, 1)
                    .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, CLIENT).uint(TlvTypes.MYTS, 1).build()), now, fx);
            Message challenge = last(fx, CLIENT);
            server.onDatagram(PORT, CLIENT, Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 2)
                    .bytes(TlvTypes.UUID, id).uint(TlvTypes.YOURTS, challenge.uint(TlvTypes.MYTS).orElseThrow()).build()), now, fx);
            PeerId peer = PeerId.of(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            server.onDatagram(PORT, PEER, org.ptpmesh.messages.Messages.ping(peer, org.ptpmesh.nat.NatType.EASY, 0, 3457, null, 1),
                    now, fx);
            server.onDatagram(PORT, PEER, org.ptpmesh.messages.Messages.ping(peer, org.ptpmesh.nat.NatType.EASY, 0, 3457, null, 1,
                    last(fx, PEER).uint(TlvTypes.MYTS).orElseThrow()), now, fx);
        }

        private static Message last(RecordingEffects fx, Endpoint to) {
            for (int i = fx.sent.size() - 1; i >= 0; i--) {
                Sent s = fx.sent.get(i);
                if (s.to().equals(to)) {
                    return s.message();
                }
            }
            throw new AssertionError("nothing sent to " + to);
        }
    }
}
