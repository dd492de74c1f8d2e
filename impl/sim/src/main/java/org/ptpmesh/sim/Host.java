package org.ptpmesh.sim;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * A simulated machine: one or more addresses, a set of bound UDP ports and one {@link Node}
 * running on it. A scenario can put it to sleep, wake it, move it to another network and restart
 * its node, each at the current virtual time (schedule them with {@link Simulation#at}).
 *
 * <p>Ports are bound on all of the host's addresses. A datagram leaves from the address on the
 * network that holds its destination, otherwise from the interface its source port is routed by
 * ({@link #addInterface(Network, IntPredicate)}), otherwise from the first address (the default route).
 */
public final class Host {

    private final Simulation simulation;
    private final String name;
    private final HostEffects effects = new HostEffects(this);
    private final List<Attachment> attachments = new ArrayList<>(1);
    private final BitSet boundPorts = new BitSet();
    private final Map<TimerKey, NodeCallback> timers = new HashMap<>();
    private final List<NodeCallback> held = new ArrayList<>();
    private Node node;
    /** Counts restarts, so that callbacks of a replaced node are never delivered to its successor. */
    private int run;
    private boolean sleeping;

    Host(Simulation simulation, String name) {
        this.simulation = simulation;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The first address: the one datagrams to the internet leave from. */
    public InetAddress address() {
        return attachments.get(0).address;
    }

    public List<InetAddress> addresses() {
        List<InetAddress> all = new ArrayList<>(attachments.size());
        for (Attachment attachment : attachments) {
            all.add(attachment.address);
        }
        return all;
    }

    /** {@code port} on the first address. */
    public Endpoint endpoint(int port) {
        return new Endpoint(address(), port);
    }

    public Node node() {
        return node;
    }

    public boolean isSleeping() {
        return sleeping;
    }

    public boolean isBound(int port) {
        return port > 0 && boundPorts.get(port);
    }

    /** Sets the access link of every current interface (an interface added later gets its network's default). */
    public void setLink(LinkProfile link) {
        for (Attachment attachment : attachments) {
            attachment.link = link;
        }
    }

    /** Runs {@code node} on this host from now on: it gets {@code start}, then its addresses. */
    public void start(Node node) {
        if (this.node != null) {
            throw new IllegalStateException("host " + name + " already runs a node: use restart");
        }
        this.node = node;
        scheduleStart();
    }

    /**
     * Replaces the node as a reboot would: every port is closed, every timer forgotten, a sleeping
     * host powers up, and {@code node} starts from scratch. Datagrams still in flight reach the
     * new node if it binds their port again.
     */
    public void restart(Node node) {
        run++;
        timers.clear();
        held.clear();
        boundPorts.clear();
        sleeping = false;
        this.node = node;
        scheduleStart();
    }

    /** From now on the host receives nothing and its due timers wait for {@link #wake()}. */
    public void sleep() {
        sleeping = true;
    }

    /**
     * Timers that fell due during sleep fire now, in the order they were due; the node sees the
     * jump in {@code now} and can tell it slept.
     */
    public void wake() {
        if (!sleeping) {
            return;
        }
        sleeping = false;
        for (NodeCallback callback : held) {
            simulation.schedule(callback, simulation.now());
        }
        held.clear();
    }

    /**
     * Unplugs the host from every network and plugs it into {@code network} with a fresh address,
     * as a laptop moving to another Wi-Fi. Ports and timers stay; the node is told through
     * {@link Node#onAddressesChanged}. Old NAT mappings are left to time out; datagrams still
     * addressed to the old address are dropped as {@link NetworkDropReason#NO_ROUTE}.
     */
    public void moveTo(Network network) {
        moveTo(network, null);
    }

    /** As {@link #moveTo(Network)} with a given literal address. */
    public void moveTo(Network network, String address) {
        for (Attachment attachment : attachments) {
            attachment.network.detach(attachment);
        }
        attachments.clear();
        attachTo(network, address == null ? null : Endpoint.of(address, 0).address());
        notifyAddressesChanged();
    }

    /** Adds an interface on {@code network} (a multi-homed host); the node is told its new addresses. */
    public void addInterface(Network network) {
        attachTo(network, null);
        notifyAddressesChanged();
    }

    /**
     * Adds an interface that datagrams sent from {@code sourcePorts} leave by, wherever they go
     * (policy routing by source port, as {@code ip rule ... sport} does). It is how a dual-stack
     * host is modelled: the simulator's addresses are all IPv4, so the second interface (behind a
     * stateful firewall, say) stands for the IPv6 stack, and the ports the node's IPv6 half binds
     * are the ones routed by it. The node is told its new addresses.
     */
    public void addInterface(Network network, IntPredicate sourcePorts) {
        attachTo(network, null);
        attachments.get(attachments.size() - 1).sourcePorts = sourcePorts;
        notifyAddressesChanged();
    }

    @Override
    public String toString() {
        return name + addresses();
    }

    Simulation simulation() {
        return simulation;
    }

    void attachTo(Network network, InetAddress address) {
        attachments.add(network.attach(this, address));
    }

    /** A datagram arrived at one of the host's interfaces. */
    void receive(Packet packet) {
        if (sleeping) {
            simulation.drop(packet, NetworkDropReason.SLEEPING, name);
            return;
        }
        if (!hasAddress(packet.destination.address())) {
            simulation.drop(packet, NetworkDropReason.NO_ROUTE, name);
            return;
        }
        int port = packet.destination.port();
        if (node == null || !boundPorts.get(port)) {
            simulation.drop(packet, NetworkDropReason.NO_LISTENER, name);
            return;
        }
        simulation.delivered(packet, name);
        try {
            node.onDatagram(port, packet.source, packet.payload(), simulation.now(), effects);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** Delivers a start, timer, address change or bind failure, unless it is stale or the host sleeps. */
    void call(NodeCallback callback) {
        if (callback.run != run || callback.cancelled) {
            return;
        }
        if (sleeping) {
            held.add(callback);
            return;
        }
        if (callback.timerKey != null) {
            timers.remove(callback.timerKey, callback);
        }
        try {
            callback.action.apply(node, simulation.now(), effects);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    void send(int localPort, Endpoint to, byte[] payload, int ttl) {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("IP TTL must be 0 (default) or 1-255: " + ttl);
        }
        Attachment via = route(to.address(), localPort);
        int effectiveTtl = ttl == Effects.DEFAULT_TTL ? Simulation.DEFAULT_TTL : ttl;
        Packet packet = simulation.newPacket(new Endpoint(via.address, localPort), to, payload.clone(), effectiveTtl);
        if (!isBound(localPort)) {
            simulation.drop(packet, NetworkDropReason.NOT_BOUND, name);
            return;
        }
        simulation.sent(packet, name);
        if (hasAddress(to.address())) {
            // to itself: the loopback path has no link and no router
            simulation.transmit(packet, LinkProfile.IDEAL, via, name);
            return;
        }
        via.network.transmit(via, packet);
    }

    void bind(int port) {
        if (port < 1 || port > 0xFFFF || boundPorts.get(port)) {
            // reported as a later event: a node is never re-entered from inside its own callback
            scheduleCall((n, now, out) -> n.onBindFailed(port, now, out));
            return;
        }
        boundPorts.set(port);
    }

    void unbind(int port) {
        if (port > 0 && port <= 0xFFFF) {
            boundPorts.clear(port);
        }
    }

    void setTimer(TimerKey key, long atMillis) {
        NodeCallback replaced = timers.get(key);
        if (replaced != null) {
            replaced.cancelled = true;
        }
        NodeCallback timer = new NodeCallback(this, run, key, (n, now, out) -> n.onTimer(key, now, out));
        timers.put(key, timer);
        simulation.schedule(timer, Math.max(atMillis, simulation.now()));
    }

    void cancelTimer(TimerKey key) {
        NodeCallback timer = timers.remove(key);
        if (timer != null) {
            timer.cancelled = true;
        }
    }

    private void scheduleStart() {
        scheduleCall((n, now, out) -> {
            n.start(now, out);
            n.onAddressesChanged(addresses(), now, out);
        });
    }

    private void notifyAddressesChanged() {
        if (node != null) {
            scheduleCall((n, now, out) -> n.onAddressesChanged(addresses(), now, out));
        }
    }

    /**
     * Calls into the node from outside the network, as an application using it would (connect,
     * send), at the current virtual time. Like a timer it waits while the host sleeps.
     */
    public void invoke(java.util.function.Consumer<Effects> call) {
        scheduleCall((node, now, out) -> call.accept(out));
    }

    private void scheduleCall(NodeCallback.Action action) {
        simulation.schedule(new NodeCallback(this, run, null, action), simulation.now());
    }

    private Attachment route(InetAddress destination, int localPort) {
        for (Attachment attachment : attachments) {
            if (attachment.network.isOnLink(destination)) {
                return attachment;
            }
        }
        for (Attachment attachment : attachments) {
            if (attachment.sourcePorts != null && attachment.sourcePorts.test(localPort)) {
                return attachment;
            }
        }
        return attachments.get(0);
    }

    private boolean hasAddress(InetAddress address) {
        for (Attachment attachment : attachments) {
            if (attachment.address.equals(address)) {
                return true;
            }
        }
        return false;
    }

    private SimulationException failure(RuntimeException cause) {
        if (cause instanceof SimulationException alreadyDescribed) {
            return alreadyDescribed;
        }
        return simulation.failure(name, "the node failed: " + cause, cause);
    }
}
