package org.ptpmesh.sim.nat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.ptpmesh.wire.Endpoint;

/**
 * The translation table of a cone, Easy or Hard NAT with one public address, kept the way Linux
 * conntrack keeps it: one flow per (inside endpoint, remote endpoint), found on the way back by
 * its reply tuple (public port, remote endpoint). A reply tuple is used by at most one flow or
 * unsolicited entry at a time, and a public port belongs to one inside endpoint while any of its
 * flows is alive. Expired entries are dropped lazily, so the table needs no timer of its own.
 *
 * <p>A router that grants port mappings also keeps {@link PortForward}s here: a forwarded port lets
 * anyone in, and the datagram it lets in opens a flow back, as conntrack records a DNAT'd packet,
 * so the inside host's answers leave from the forwarded port.
 */
public final class FlowTable implements NatTable {

    /** Ports a NAT hands out when it cannot keep the inside port (the Linux masquerade range). */
    private static final int FIRST_ASSIGNED_PORT = 1024;
    private static final int LAST_PORT = 65535;

    private final NatModel model;
    private final InetAddress publicAddress;
    private final RandomGenerator random;
    private final Map<FlowKey, Flow> byInside = new HashMap<>();
    private final Map<ReplyKey, Flow> byReply = new HashMap<>();
    private final Map<Integer, PortOwner> ports = new HashMap<>();
    /** Endpoint-independent mapping only: the port an inside endpoint's flows share. */
    private final Map<Endpoint, PortOwner> sharedPorts = new HashMap<>();
    private final PortForwards forwards = new PortForwards();
    private long nextSweep;

    public FlowTable(NatModel model, InetAddress publicAddress, RandomGenerator random) {
        if (model.mapping() == NatModel.Mapping.ONE_TO_ONE || model.mapping() == NatModel.Mapping.NONE) {
            throw new IllegalArgumentException("a NAT that does not share one public address: use OneToOneTable or FirewallTable");
        }
        this.model = model;
        this.publicAddress = publicAddress;
        this.random = random;
    }

    @Override
    public Endpoint outbound(Endpoint inside, Endpoint remote, long now) {
        sweepIfDue(now);
        FlowKey key = new FlowKey(inside, remote);
        Flow flow = byInside.get(key);
        if (flow != null && flow.isLive(now)) {
            flow.expiresAt = now + model.mappingTimeoutMillis();
            return new Endpoint(publicAddress, flow.port);
        }
        if (flow != null) {
            remove(flow);
        }
        int port = choosePort(inside, remote, now);
        open(inside, port, ports.computeIfAbsent(port, p -> new PortOwner(inside, p)), remote, now);
        return new Endpoint(publicAddress, port);
    }

    private void open(Endpoint inside, int port, PortOwner owner, Endpoint remote, long now) {
        Flow flow = new Flow(inside, port, remote, now + model.mappingTimeoutMillis(), owner);
        owner.flows.add(flow);
        byInside.put(new FlowKey(inside, remote), flow);
        byReply.put(new ReplyKey(port, remote), flow);
        if (model.mapping() == NatModel.Mapping.ENDPOINT_INDEPENDENT && liveSharedPort(inside, now) == null) {
            sharedPorts.put(inside, owner);
        }
    }

    @Override
    public Endpoint inbound(Endpoint publicDestination, Endpoint remote, long now) {
        if (!publicDestination.address().equals(publicAddress)) {
            return null;
        }
        sweepIfDue(now);
        ReplyKey key = new ReplyKey(publicDestination.port(), remote);
        Flow flow = byReply.get(key);
        if (flow != null && flow.isLive(now)) {
            if (flow.inside != null) {
                return flow.inside;
            }
            // conntrack refreshes an entry on every packet that matches it, answered or not
            flow.expiresAt = now + model.mappingTimeoutMillis();
            return null;
        }
        PortForward forward = forwards.ofPort(publicDestination.port(), now);
        if (forward != null) {
            return throughForward(forward, remote, now);
        }
        PortOwner owner = liveOwner(publicDestination.port(), now);
        if (owner != null && admits(owner, remote, now)) {
            return owner.inside;
        }
        if (model.linuxConntrack()) {
            byReply.put(key, new Flow(null, key.port, remote, now + model.mappingTimeoutMillis(), null));
        }
        return null;
    }

    /**
     * Forwards a public port to {@code inside} for {@code lifetimeMillis}, or renews the one it has
     * (same port). A new one gets {@code suggestedPort} when it is free for {@code inside} (no
     * other endpoint's flows or forward on it), else the inside port, else a random free port.
     */
    public PortForward forward(Endpoint inside, int suggestedPort, long lifetimeMillis, long now) {
        PortForward held = forwards.of(inside, now);
        int port = held != null ? held.externalPort()
                : suggestedPort > 0 && claimable(suggestedPort, inside, now) ? suggestedPort
                : claimable(inside.port(), inside, now) ? inside.port()
                : randomPort(inside, null, now);
        PortForward granted = new PortForward(inside, port, now + lifetimeMillis);
        forwards.put(granted);
        return granted;
    }

    /** Deletes {@code inside}'s forward; its flows live on until they time out, as conntrack entries do. */
    public boolean unforward(Endpoint inside, long now) {
        return forwards.of(inside, now) != null && forwards.remove(inside);
    }

    /** The forwards alive at {@code now}, by external port. */
    public List<PortForward> forwards(long now) {
        return forwards.live(now);
    }

    /**
     * A datagram a forward lets in opens the flow its answers leave by. If the inside host already
     * talks to that remote from another port, the two conntrack entries clash and Linux drops the
     * datagram: why a mapped peer lets the other side punch first (docs/peer.md, "Port mapping").
     */
    private Endpoint throughForward(PortForward forward, Endpoint remote, long now) {
        Flow clash = byInside.get(new FlowKey(forward.inside(), remote));
        if (clash != null && clash.isLive(now)) {
            return null;
        }
        if (clash != null) {
            remove(clash);
        }
        int port = forward.externalPort();
        PortOwner owner = liveOwner(port, now);
        if (owner == null) {
            owner = new PortOwner(forward.inside(), port);
            ports.put(port, owner);
        } else if (!owner.inside.equals(forward.inside())) {
            return null;
        }
        open(forward.inside(), port, owner, remote, now);
        return forward.inside();
    }

    /** Whether a forward to {@code inside} may take {@code port}: nobody else's flows or forward hold it. */
    private boolean claimable(int port, Endpoint inside, long now) {
        PortOwner owner = liveOwner(port, now);
        PortForward forward = forwards.ofPort(port, now);
        return (owner == null || owner.inside.equals(inside)) && (forward == null || forward.inside().equals(inside));
    }

    @Override
    public List<NatFlow> flows(long now) {
        List<NatFlow> live = new ArrayList<>();
        for (Flow flow : byInside.values()) {
            if (flow.isLive(now)) {
                live.add(new NatFlow(flow.inside, new Endpoint(publicAddress, flow.port), flow.remote, flow.expiresAt));
            }
        }
        live.sort(Comparator.comparing(NatFlow::inside).thenComparing(NatFlow::remote));
        return live;
    }

    /** The conntrack entries unsolicited packets left behind (always empty without {@code linuxConntrack}). */
    public List<UnsolicitedEntry> unsolicitedEntries(long now) {
        List<UnsolicitedEntry> live = new ArrayList<>();
        for (Flow flow : byReply.values()) {
            if (flow.inside == null && flow.isLive(now)) {
                live.add(new UnsolicitedEntry(flow.remote, new Endpoint(publicAddress, flow.port), flow.expiresAt));
            }
        }
        live.sort(Comparator.comparing(UnsolicitedEntry::publicEndpoint).thenComparing(UnsolicitedEntry::remote));
        return live;
    }

    private int choosePort(Endpoint inside, Endpoint remote, long now) {
        if (model.mapping() == NatModel.Mapping.ENDPOINT_INDEPENDENT) {
            PortOwner shared = liveSharedPort(inside, now);
            if (shared != null) {
                // the conntrack case: the shared port's tuple towards this remote is taken, so
                // this one flow leaves from another port
                return tupleFree(shared.port, remote, now) ? shared.port : randomPort(inside, remote, now);
            }
        }
        boolean keepInsidePort = model.portAssignment() == NatModel.PortAssignment.PRESERVE;
        return keepInsidePort && portFree(inside.port(), inside, remote, now) ? inside.port() : randomPort(inside, remote, now);
    }

    private int randomPort(Endpoint inside, Endpoint remote, long now) {
        int span = LAST_PORT - FIRST_ASSIGNED_PORT + 1;
        int start = random.nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = FIRST_ASSIGNED_PORT + (start + i) % span;
            if (portFree(port, inside, remote, now)) {
                return port;
            }
        }
        throw new IllegalStateException("NAT " + publicAddress.getHostAddress() + " has no free public port");
    }

    /** Free for a new flow of {@code inside} to {@code remote} (null: any remote): no flow, no tuple, no other's forward. */
    private boolean portFree(int port, Endpoint inside, Endpoint remote, long now) {
        PortForward forward = forwards.ofPort(port, now);
        return (forward == null || forward.inside().equals(inside)) && liveOwner(port, now) == null
                && (remote == null || tupleFree(port, remote, now));
    }

    private boolean tupleFree(int port, Endpoint remote, long now) {
        Flow taken = byReply.get(new ReplyKey(port, remote));
        return taken == null || !taken.isLive(now);
    }

    private boolean admits(PortOwner owner, Endpoint remote, long now) {
        switch (model.filtering()) {
            case ENDPOINT_INDEPENDENT:
                return true;
            case ADDRESS_DEPENDENT:
                for (Flow flow : owner.flows) {
                    if (flow.isLive(now) && flow.remote.address().equals(remote.address())) {
                        return true;
                    }
                }
                return false;
            default:
                // address-and-port-dependent: only an exact reply tuple gets in, checked before
                return false;
        }
    }

    private PortOwner liveSharedPort(Endpoint inside, long now) {
        PortOwner shared = sharedPorts.get(inside);
        return shared != null && liveOwner(shared.port, now) == shared ? shared : null;
    }

    /** The owner of {@code port} after dropping its expired flows, or null if none is left. */
    private PortOwner liveOwner(int port, long now) {
        PortOwner owner = ports.get(port);
        if (owner == null) {
            return null;
        }
        for (int i = owner.flows.size() - 1; i >= 0; i--) {
            Flow flow = owner.flows.get(i);
            if (!flow.isLive(now)) {
                remove(flow);
            }
        }
        return ports.get(port);
    }

    private void remove(Flow flow) {
        byReply.remove(new ReplyKey(flow.port, flow.remote), flow);
        if (flow.owner == null) {
            return;
        }
        byInside.remove(new FlowKey(flow.inside, flow.remote), flow);
        flow.owner.flows.remove(flow);
        if (flow.owner.flows.isEmpty()) {
            ports.remove(flow.port, flow.owner);
            sharedPorts.remove(flow.inside, flow.owner);
        }
    }

    /** Bounds memory on long runs: expired entries nobody looks up again are dropped once per timeout. */
    private void sweepIfDue(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + model.mappingTimeoutMillis();
        List<Flow> all = new ArrayList<>(byInside.values());
        all.addAll(byReply.values());
        for (Flow flow : all) {
            if (!flow.isLive(now)) {
                remove(flow);
            }
        }
    }

    private record FlowKey(Endpoint inside, Endpoint remote) {
    }

    private record ReplyKey(int port, Endpoint remote) {
    }

    /** A conntrack entry; {@code inside} and {@code owner} are null for an unsolicited one. */
    private static final class Flow {
        final Endpoint inside;
        final int port;
        final Endpoint remote;
        final PortOwner owner;
        long expiresAt;

        Flow(Endpoint inside, int port, Endpoint remote, long expiresAt, PortOwner owner) {
            this.inside = inside;
            this.port = port;
            this.remote = remote;
            this.expiresAt = expiresAt;
            this.owner = owner;
        }

        boolean isLive(long now) {
            return now < expiresAt;
        }
    }

    private static final class PortOwner {
        final Endpoint inside;
        final int port;
        final List<Flow> flows = new ArrayList<>(2);

        PortOwner(Endpoint inside, int port) {
            this.inside = inside;
            this.port = port;
        }
    }
}
