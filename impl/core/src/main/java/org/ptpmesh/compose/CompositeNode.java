package org.ptpmesh.compose;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.wire.Endpoint;

/**
 * Several nodes run as one on one driver (ptpserver's rendezvous server and introducer,
 * ptpclient's client and NAT check, a mesh peer and its transfers). The one place that forwards
 * {@link Node} callbacks to children:
 * <ul>
 *   <li>a datagram is decoded once, then handed to the first child whose {@link Accepts}
 *       takes it, through {@link Node#onMessage} (one a no child takes is dropped: the last child
 *       usually accepts {@link Accepts#EVERYTHING});</li>
 *   <li>each child's timer keys are wrapped with its slot, so equal keys of two children never
 *       collide, and a fired timer goes back to the child that set it;</li>
 *   <li>start, address changes and UPnP outcomes go to every child in order (a child ignores
 *       an outcome for a port it did not ask to map); a bind failure goes to the child that
 *       asked for the port.</li>
 * </ul>
 * Protocol composites extend it to add accessors and the {@link #afterEach} hook; they do not forward.
 * A child's own methods called from outside a callback must write to {@link #effectsOf}.
 */
public class CompositeNode implements Node {

    private final Node[] children;
    private final ChildEffects[] effects;
    private final Accepts[] accepts;
    private final DecodedDatagram decoder = new DecodedDatagram();
    private final Map<Integer, Integer> binders = new HashMap<>();

    public CompositeNode(List<Child> children) {
        int n = children.size();
        this.children = new Node[n];
        this.effects = new ChildEffects[n];
        this.accepts = new Accepts[n];
        for (int slot = 0; slot < n; slot++) {
            Child child = children.get(slot);
            this.children[slot] = child.node();
            this.effects[slot] = new ChildEffects(slot, child, this);
            this.accepts[slot] = child.accepts();
        }
    }

    @Override
    public final void start(long now, Effects out) {
        for (int slot = 0; slot < children.length; slot++) {
            children[slot].start(now, effects[slot].to(out));
        }
        afterEach(now, out);
    }

    @Override
    public final void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        onMessage(localPort, from, decoder.decode(data), now, out);
    }

    @Override
    public final void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        for (int slot = 0; slot < children.length; slot++) {
            if (accepts[slot].test(localPort, from, datagram, now)) {
                children[slot].onMessage(localPort, from, datagram, now, effects[slot].to(out));
                afterEach(now, out);
                return;
            }
        }
    }

    @Override
    public final void onTimer(TimerKey key, long now, Effects out) {
        if (key instanceof SlotTimer timer && timer.slot() < children.length) {
            children[timer.slot()].onTimer(timer.key(), now, effects[timer.slot()].to(out));
            afterEach(now, out);
        }
    }

    @Override
    public final void onBindFailed(int port, long now, Effects out) {
        Integer slot = binders.remove(port);
        if (slot != null) {
            children[slot].onBindFailed(port, now, effects[slot].to(out));
        }
    }

    @Override
    public final void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        for (int slot = 0; slot < children.length; slot++) {
            children[slot].onAddressesChanged(addresses, now, effects[slot].to(out));
        }
        afterEach(now, out);
    }

    @Override
    public final void onUpnp(UpnpOutcome outcome, long now, Effects out) {
        for (int slot = 0; slot < children.length; slot++) {
            children[slot].onUpnp(outcome, now, effects[slot].to(out));
        }
        afterEach(now, out);
    }

    /** Called after every callback a child handled; what a composite reads off its children goes here. */
    protected void afterEach(long now, Effects out) {
    }

    /**
     * The effects {@code child} must write to when called from outside a callback (an
     * application connecting, sending or shutting down), so its timers come back to it.
     */
    protected final Effects effectsOf(Node child, Effects out) {
        for (int slot = 0; slot < children.length; slot++) {
            if (children[slot] == child) {
                return effects[slot].to(out);
            }
        }
        throw new IllegalArgumentException("not a child of this composite: " + child);
    }

    void boundBy(int port, int slot) {
        binders.put(port, slot);
    }
}
