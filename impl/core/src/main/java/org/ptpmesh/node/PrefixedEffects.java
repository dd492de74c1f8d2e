package org.ptpmesh.node;

import java.util.function.IntPredicate;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * Effects for one of several nodes run together as one (ptpserver's rendezvous server and
 * introducer; ptpclient's client and NAT check): its timer keys get a prefix so they cannot
 * collide with the others', and binds of ports another part owns are left out.
 */
public final class PrefixedEffects implements Effects {

    private final Effects out;
    private final String timerPrefix;
    private final IntPredicate ownsPort;

    /** @param ownsPort the ports this part binds and unbinds itself */
    public PrefixedEffects(Effects out, String timerPrefix, IntPredicate ownsPort) {
        this.out = out;
        this.timerPrefix = timerPrefix;
        this.ownsPort = ownsPort;
    }

    @Override
    public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
        out.send(localPort, to, payload, ttl);
    }

    @Override
    public void bind(int port) {
        if (ownsPort.test(port)) {
            out.bind(port);
        }
    }

    @Override
    public void unbind(int port) {
        if (ownsPort.test(port)) {
            out.unbind(port);
        }
    }

    @Override
    public void setTimer(String key, long atMillis) {
        out.setTimer(timerPrefix + key, atMillis);
    }

    @Override
    public void cancelTimer(String key) {
        out.cancelTimer(timerPrefix + key);
    }

    @Override
    public void trace(TraceEvent event) {
        out.trace(event);
    }
}
