package org.ptpmesh.noise;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.secure.Sealer;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * What the handshake and sealing cost on one core: both parties in one thread, no sockets, rates
 * per second of this thread's CPU time (so a machine busy with other work slows the run, not the
 * result much). Not a test; docs/performance.md says how to run it.
 */
public final class NoiseBenchmark {

    private static final byte[] NO_AD = new byte[0];
    /** A sealed transfer's block size. */
    private static final int INNER_DATAGRAM = 1_280;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws NoiseException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 1352;
        SplittableRandom random = new SplittableRandom(1);
        EphemeralKeySource keys = () -> {
            byte[] key = new byte[NoiseLimits.DH_LENGTH];
            random.nextBytes(key);
            return key;
        };
        DhKeyPair initiatorStatic = DhKeyPair.fromPrivateKey(keys.nextPrivateKey());
        DhKeyPair responderStatic = DhKeyPair.fromPrivateKey(keys.nextPrivateKey());
        for (int run = 1; run <= 3; run++) {
            for (HandshakePattern pattern : HandshakePattern.values()) {
                long handshakes = 0;
                long start = cpuNanos();
                long end = start + seconds * 1_000_000_000L;
                while (cpuNanos() < end) {
                    HandshakeState initiator = HandshakeState.initiator(pattern, NO_AD, initiatorStatic,
                            pattern.responderStaticKnown() ? responderStatic.publicKey() : null, keys);
                    HandshakeState responder = HandshakeState.responder(pattern, NO_AD, responderStatic, keys);
                    for (int i = 0; !initiator.isComplete(); i++) {
                        HandshakeState writer = i % 2 == 0 ? initiator : responder;
                        HandshakeState reader = i % 2 == 0 ? responder : initiator;
                        reader.readMessage(writer.writeMessage(NO_AD));
                    }
                    handshakes++;
                }
                System.out.printf("run %d: %s %.0f handshakes per CPU second (both sides)%n", run, pattern.protocolName(),
                        handshakes * 1e9 / (cpuNanos() - start));
            }
            CipherState sending = new CipherState(new byte[NoiseLimits.KEY_LENGTH], 0);
            CipherState receiving = new CipherState(new byte[NoiseLimits.KEY_LENGTH], 0);
            byte[] block = new byte[payload];
            long bytes = 0;
            long start = cpuNanos();
            long end = start + seconds * 1_000_000_000L;
            while (cpuNanos() < end) {
                receiving.decryptWithAd(NO_AD, sending.encryptWithAd(NO_AD, block));
                bytes += payload;
            }
            double cpuSeconds = (cpuNanos() - start) / 1e9;
            System.out.printf("run %d: sealed and opened %d-byte payloads at %.1f MB per CPU second, %.0f payloads%n", run, payload,
                    bytes / 1e6 / cpuSeconds, bytes / (double) payload / cpuSeconds);
            sealedDatagrams(run, seconds, keys);
        }
    }

    /**
     * The session layer's own path for a 1,280-byte inner datagram (a sealed transfer's block
     * size): sealed into a SEALED datagram, decoded, its counter checked and taken, opened.
     */
    private static void sealedDatagrams(int run, int seconds, EphemeralKeySource keys) throws NoiseException {
        byte[] key = keys.nextPrivateKey();
        CounterCipher sending = CounterCipher.withKey(key);
        CounterCipher receiving = CounterCipher.withKey(key);
        ReplayWindow window = new ReplayWindow();
        DecodedDatagram received = new DecodedDatagram();
        PeerId sender = PeerId.of(new byte[TlvTypes.PEER_ID_LENGTH]);
        byte[] inner = new byte[INNER_DATAGRAM];
        Sealer sealer = new Sealer();
        Sealer opener = new Sealer();
        long datagrams = 0;
        long start = cpuNanos();
        long end = start + seconds * 1_000_000_000L;
        while (cpuNanos() < end) {
            DatagramView view = received.decode(sealer.seal(sender, 1, sending, inner)).view();
            long counter = view.uintOf(TlvTypes.COUNTER, -1);
            if (!window.isFresh(counter)) {
                throw new IllegalStateException("counter " + counter + " refused");
            }
            opener.open(view, counter, receiving);
            window.accept(counter);
            datagrams++;
        }
        double cpuSeconds = (cpuNanos() - start) / 1e9;
        System.out.printf("run %d: sealed and opened %.0f SEALED datagrams of a %d-byte inner datagram per CPU second (%.1f MB)%n",
                run, datagrams / cpuSeconds, INNER_DATAGRAM, datagrams * INNER_DATAGRAM / 1e6 / cpuSeconds);
    }
}
