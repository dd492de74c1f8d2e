package org.ptpmesh.sim;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * The Easy side of a birthday-paradox punch: from its one port, one probe every 10 ms to a random
 * port of the Hard peer's address, until something comes back or 1000 probes are spent.
 */
final class BirthdayProber implements Node {

    private enum Timer implements TimerKey { PROBE }


    static final int PORT = 3456;
    static final long INTERVAL = 10;
    static final int MAX_PROBES = 1000;

    private final InetAddress hardPeer;
    private final long startAt;
    private final RandomGenerator random;
    int probesSent;
    boolean reached;

    BirthdayProber(InetAddress hardPeer, long startAt, RandomGenerator random) {
        this.hardPeer = hardPeer;
        this.startAt = startAt;
        this.random = random;
    }

    @Override
    public void start(long now, Effects out) {
        out.bind(PORT);
        out.setTimer(Timer.PROBE, startAt);
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        if (reached) {
            return;
        }
        Endpoint guess = new Endpoint(hardPeer, 1 + random.nextInt(0xFFFF));
        out.send(PORT, guess, "probe".getBytes(StandardCharsets.UTF_8));
        if (++probesSent < MAX_PROBES) {
            out.setTimer(Timer.PROBE, now + INTERVAL);
        }
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        reached = true;
    }
}
