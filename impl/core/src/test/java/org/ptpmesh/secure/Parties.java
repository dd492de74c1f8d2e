package org.ptpmesh.secure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** A server and a client, each a {@link SecureNode} around an {@link InnerNode}, on a {@link TestNet}; seeded. */
final class Parties {

    static final Endpoint SERVER = Endpoint.of("10.0.0.1", 4000);
    static final Endpoint CLIENT = Endpoint.of("10.0.0.2", 5000);

    /** A key log that keeps its lines. */
    record KeyLine(PeerId sender, long peerSession, byte[] key) {
    }

    /** An introducer trust with at most one expected key, answering first uses as told and keeping them. */
    static final class Trust implements IntroducerTrust {
        byte[] expected;
        boolean accept = true;
        final List<byte[]> offered = new ArrayList<>();

        @Override
        public byte[] expectedKey(Endpoint introducer) {
            return expected;
        }

        @Override
        public boolean firstUse(Endpoint introducer, byte[] key) {
            offered.add(key);
            return accept;
        }
    }

    private final SeededPeers seeded;
    final SplittableRandom random;
    final EphemeralKeySource keys;
    final TestNet net = new TestNet();
    final Trust trust = new Trust();
    final List<KeyLine> serverKeys = new ArrayList<>();
    final List<KeyLine> clientKeys = new ArrayList<>();
    final Identity serverIdentity;
    final Identity clientIdentity;
    final InnerNode serverInner;
    InnerNode clientInner;
    SecureNode server;
    SecureNode client;

    Parties(long seed) {
        SeededPeers seeded = new SeededPeers(seed);
        random = seeded.random;
        keys = seeded.keys;
        this.seeded = seeded;
        serverIdentity = identity();
        clientIdentity = identity();
        serverInner = new InnerNode(serverIdentity.peerId(), null, 0);
    }

    Identity identity() {
        return seeded.identity();
    }

    byte[] bytes(int n) {
        return seeded.bytes(n);
    }

    /** Starts the server with {@code limits}, then the client, which must reach the server sealed and sends every {@code period} ms. */
    Parties start(SecureLimits limits, long period) {
        clientInner = new InnerNode(clientIdentity.peerId(), SERVER, period);
        server = new SecureNode(serverInner, new SecureConfig(serverIdentity, IntroducerTrust.FIRST_USE_ONLY,
                (sender, index, key) -> serverKeys.add(new KeyLine(sender, index, key)), Set.of(), limits, "server"),
                keys, random);
        client = new SecureNode(clientInner, new SecureConfig(clientIdentity, trust,
                (sender, index, key) -> clientKeys.add(new KeyLine(sender, index, key)), Set.of(SERVER), SecureLimits.peer(), "client"),
                keys, random);
        net.add(SERVER, server);
        net.add(CLIENT, client);
        return this;
    }

    Parties start(SecureLimits limits) {
        return start(limits, 1_000);
    }

    Parties start() {
        return start(SecureLimits.introducer());
    }
}
