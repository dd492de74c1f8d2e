package org.ptpmesh.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * Load for the scale test, shaped like the protocol's steady state: every peer registers with
 * both introducers every 7 s and pings every other peer every 29 s (docs/peer.md, "Keepalive and peer states");
 * pings are answered with pongs, registrations with an acknowledgement.
 */
final class MeshNode implements Node {

    private enum Timer implements TimerKey { REGISTER, KEEPALIVE }


    static final long REGISTER_EVERY = 7_000;
    static final long KEEPALIVE_EVERY = 29_000;
    private static final byte[] REGISTER = "reg".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PING = "ping".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.UTF_8);

    private final int port;
    private final List<Endpoint> introducers;
    private final List<Endpoint> peers;
    private final RandomGenerator random;
    long pongs;

    /** An introducer: {@code introducers} and {@code peers} empty, it only answers. */
    MeshNode(int port, List<Endpoint> introducers, List<Endpoint> peers, RandomGenerator random) {
        this.port = port;
        this.introducers = introducers;
        this.peers = peers;
        this.random = random;
    }

    @Override
    public void start(long now, Effects out) {
        out.bind(port);
        if (!introducers.isEmpty()) {
            // peers start out of phase, as real ones do
            out.setTimer(Timer.REGISTER, now + random.nextLong(REGISTER_EVERY));
            out.setTimer(Timer.KEEPALIVE, now + random.nextLong(KEEPALIVE_EVERY));
        }
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        if (Arrays.equals(data, REGISTER) || Arrays.equals(data, PING)) {
            out.send(localPort, from, PONG);
        } else {
            pongs++;
        }
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        if (key == Timer.REGISTER) {
            for (Endpoint introducer : introducers) {
                out.send(port, introducer, REGISTER);
            }
            out.setTimer(key, now + REGISTER_EVERY);
        } else {
            for (Endpoint peer : peers) {
                out.send(port, peer, PING);
            }
            out.setTimer(key, now + KEEPALIVE_EVERY);
        }
    }
}
