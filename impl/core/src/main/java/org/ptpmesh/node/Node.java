package org.ptpmesh.node;

import java.net.InetAddress;
import java.util.List;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.wire.Endpoint;

/**
 * A sans-IO protocol node: a single-threaded state machine driven by whoever owns the sockets
 * and the clock (the simulator or the UDP runtime). It never reads the clock, never opens a
 * socket and never sleeps: time arrives as {@code now} (milliseconds) and every effect (a
 * datagram, a port to bind, a timer, a trace event) is written to the {@link Effects} passed in.
 */
public interface Node {

    /** Called once before anything else; the node binds its ports and sets its first timers. */
    void start(long now, Effects out);

    /** A datagram arrived on one of this node's bound ports. */
    void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out);

    /**
     * A datagram arrived that a composite node has already decoded (to pick the child it is for).
     * A node that reads datagrams through a {@link org.ptpmesh.wire.DatagramView} overrides this
     * to read {@code datagram}'s view, so the datagram is decoded once on its way in; the default
     * hands the raw bytes to {@link #onDatagram}.
     */
    default void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        onDatagram(localPort, from, datagram.bytes(), now, out);
    }

    /** A timer set with {@link Effects#setTimer} fired. */
    void onTimer(TimerKey key, long now, Effects out);

    /** The driver could not bind a port the node asked for; the node may pick another. */
    default void onBindFailed(int port, long now, Effects out) {
    }

    /**
     * The host's IP addresses, told once right after {@link #start} and again whenever they
     * change (an interface came up or went down, the host moved to another network). Bound ports
     * stay bound. A node that keeps its LAN address for introductions, or must re-learn its NAT
     * after a move, reacts here; the introducer design's peer polls interfaces for the same reason.
     */
    default void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
    }

    /**
     * What the driver's UPnP client got for a port this node asked it to map
     * ({@link Effects#mapPortByUpnp}); a node that asks for no mapping ignores it.
     */
    default void onUpnp(UpnpOutcome outcome, long now, Effects out) {
    }
}
