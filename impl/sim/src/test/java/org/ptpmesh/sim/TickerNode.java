package org.ptpmesh.sim;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/** Fires a timer every {@code period} ms, always asking for {@code now + period}, and records when it fired. */
final class TickerNode implements Node {

    private enum Timer implements TimerKey { TICK }


    private final long period;
    final List<Long> firedAt = new ArrayList<>();

    TickerNode(long period) {
        this.period = period;
    }

    @Override
    public void start(long now, Effects out) {
        out.setTimer(Timer.TICK, now + period);
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        throw new AssertionError("a ticker binds no port, so it cannot get a datagram");
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        firedAt.add(now);
        out.setTimer(Timer.TICK, now + period);
    }
}
