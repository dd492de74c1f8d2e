package org.ptpmesh.sim;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * The Hard side of a birthday-paradox punch (docs/peer.md, "Connecting"): binds 256 distinct ports and
 * sends one datagram from each to the Easy peer, then answers whatever comes in on any of them.
 */
final class BirthdaySprayer implements Node {

    private enum Timer implements TimerKey { SPRAY }


    static final int SOCKETS = 256;

    private final Set<Integer> ports = new LinkedHashSet<>();
    private final Endpoint easyPeer;
    private final long startAt;
    private final int ttl;
    boolean reached;

    /** {@code ttl} 0 sends ordinary pings; a low TTL makes them openers that die before the far NAT. */
    BirthdaySprayer(Endpoint easyPeer, long startAt, int ttl, RandomGenerator random) {
        this.easyPeer = easyPeer;
        this.startAt = startAt;
        this.ttl = ttl;
        while (ports.size() < SOCKETS) {
            ports.add(10_000 + random.nextInt(50_000));
        }
    }

    @Override
    public void start(long now, Effects out) {
        for (int port : ports) {
            out.bind(port);
        }
        out.setTimer(Timer.SPRAY, startAt);
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        for (int port : ports) {
            out.send(port, easyPeer, "open".getBytes(StandardCharsets.UTF_8), ttl);
        }
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        reached = true;
        out.send(localPort, from, "pong".getBytes(StandardCharsets.UTF_8));
    }
}
