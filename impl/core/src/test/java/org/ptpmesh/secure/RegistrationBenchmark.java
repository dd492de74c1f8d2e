package org.ptpmesh.secure;

import java.util.Set;
import java.util.SplittableRandom;
import org.ptpmesh.compose.ForwardingNode;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.TlvTypes;

/**
 * What validating keys costs a rendezvous server: new clients registered per second of the
 * server's own time, no sockets. Off: a bare {@link RendezvousServer}, each client a REGISTER,
 * the challenge and the echo of its cookie. On: the server inside a {@link SecureNode}, each
 * client with a key of its own running IK with the server's pinned key (INIT, RESP), then the
 * same three datagrams sealed. The clients run in the same thread; only the server's calls are
 * timed, in a {@link TestNet}. Each batch of {@value #BATCH} clients goes to a fresh server (so its session table never
 * fills), and the two modes alternate. Not a test; docs/performance.md says how to run it.
 */
public final class RegistrationBenchmark {

    private static final int BATCH = 2_000;
    private static final Endpoint SERVER = Endpoint.of("10.0.0.1", 4000);
    private static final int CLIENT_PORT = 5000;

    private final SplittableRandom random = new SplittableRandom(1);
    private final EphemeralKeySource keys = () -> bytes(NoiseLimits.DH_LENGTH);
    private final Identity serverIdentity = identity();
    private final Identity[] clientIdentities = new Identity[BATCH];
    private final PeerId[] plainIds = new PeerId[BATCH];

    private RegistrationBenchmark() {
        for (int i = 0; i < BATCH; i++) {
            clientIdentities[i] = identity();
            plainIds[i] = PeerId.random(random);
        }
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        RegistrationBenchmark bench = new RegistrationBenchmark();
        for (int run = 1; run <= 3; run++) {
            double plain = bench.measure(false, seconds);
            double keyed = bench.measure(true, seconds);
            System.out.printf("run %d: registrations per second of server time: plain %.0f, keyed (IK handshake + sealed) %.0f;"
                    + " keyed/plain %.3f%n", run, plain, keyed, keyed / plain);
        }
    }

    /** Registers batches of clients until the server has spent {@code seconds}; registrations per server second. */
    private double measure(boolean keyed, double seconds) {
        long registered = 0;
        TimedNode timed = null;
        long serverNanos = 0;
        while (serverNanos < seconds * 1e9) {
            TestNet net = new TestNet();
            RendezvousServer server = new RendezvousServer(config(), RendezvousListener.NONE, random);
            timed = new TimedNode(keyed ? new SecureNode(server, SecureConfig.server(serverIdentity, KeyLog.NONE, "server"), keys,
                    random) : server);
            net.add(SERVER, timed);
            for (int i = 0; i < BATCH; i++) {
                Endpoint at = Endpoint.of("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255), CLIENT_PORT);
                Registrant registrant = new Registrant(keyed ? clientIdentities[i].peerId() : plainIds[i], at);
                // the registrant registers as it starts, the whole exchange delivered before add returns
                net.add(at, keyed ? new SecureNode(registrant, new SecureConfig(clientIdentities[i],
                        IntroducerTrust.pinned(SERVER, serverIdentity.keys().publicKey()), KeyLog.NONE, Set.of(SERVER),
                        SecureLimits.peer(), "client"), keys, random) : registrant);
            }
            if (server.clientCount() != BATCH) {
                throw new IllegalStateException((keyed ? "keyed" : "plain") + ": " + server.clientCount() + " of " + BATCH
                        + " registered; the server dropped " + server.drops());
            }
            serverNanos += timed.nanos;
            registered += BATCH;
        }
        return registered * 1e9 / serverNanos;
    }

    private static ServerConfig config() {
        // every client from its own address, so no per-source limit applies; room for every batch
        return ServerConfig.defaults().withPort(SERVER.port()).toBuilder().maxClients(2 * BATCH)
                .rateBurst(Integer.MAX_VALUE / 2).ratePerSecond(Integer.MAX_VALUE / 2).build();
    }

    private Identity identity() {
        return new Identity(DhKeyPair.fromPrivateKey(bytes(NoiseLimits.DH_LENGTH)));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A ptpmesh client's registration: a REGISTER, then the echo of the server's cookie. */
    private static final class Registrant implements Node {
        private final PeerId id;
        private final Endpoint at;
        private final DatagramView view = new DatagramView();

        Registrant(PeerId id, Endpoint at) {
            this.id = id;
            this.at = at;
        }

        @Override
        public void start(long now, Effects out) {
            out.send(CLIENT_PORT, SERVER, Codec.encode(Message.of(MessageKind.REGISTER, id.bytes()).uint(TlvTypes.CLIENTVER, 1)
                    .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, at).uint(TlvTypes.MYTS, 1, 8).uint(TlvTypes.NAT, 0).build()));
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            onMessage(localPort, from, new DecodedDatagram().decode(data), now, out);
        }

        @Override
        public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
            DatagramView v = datagram.view();
            if (datagram.error() == null && ReceiverRules.kindOf(v) == MessageKind.ECHO && v.indexOf(TlvTypes.MYTS) >= 0) {
                out.send(CLIENT_PORT, SERVER, Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 2)
                        .bytes(TlvTypes.UUID, id.bytes()).uint(TlvTypes.YOURTS, v.uintOf(TlvTypes.MYTS, 0), 8).build()));
            }
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    }

    /** The server, its time spent on datagrams summed. */
    private static final class TimedNode extends ForwardingNode {
        long nanos;

        TimedNode(Node server) {
            super(server);
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            long start = System.nanoTime();
            super.onDatagram(localPort, from, data, now, out);
            nanos += System.nanoTime() - start;
        }
    }
}
