package org.ptpmesh.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * A deterministic discrete-event simulation of hosts, NAT routers and the internet between them,
 * driving any sans-IO {@link org.ptpmesh.node.Node}. Time is virtual (milliseconds from 0) and
 * moves only from one event to the next; every random choice comes from streams derived from one
 * seed, and events at the same instant run in the order they were scheduled, so one seed always
 * gives the same run. Single-threaded: build, run and inspect from one thread.
 *
 * <pre>{@code
 * Simulation sim = new Simulation(seed);
 * Host introducer = sim.internet().addHost("introducer");
 * NatRouter home = sim.addNat("home", NatModel.linuxMasquerade());
 * Host alice = home.lan().addHost("alice");
 * introducer.start(new MyIntroducer());
 * alice.start(new MyPeer(introducer.endpoint(3456)));
 * sim.runFor(60_000);
 * }</pre>
 *
 * See docs/simulator.md for the network model.
 */
public final class Simulation {

    /** The IP TTL a datagram leaves with when the node asks for the OS default (Linux uses 64). */
    public static final int DEFAULT_TTL = 64;

    private final long seed;
    private final EventQueue queue = new EventQueue();
    private final RandomGenerator linkRandom;
    private final NetworkStats stats = new NetworkStats();
    private final Internet internet;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, NatRouter> nats = new LinkedHashMap<>();
    private final List<Consumer<? super TraceEvent>> traceSinks = new ArrayList<>();
    private final List<PacketListener> packetListeners = new ArrayList<>();
    private LinkProfile defaultLanLink = LinkProfile.ofLatency(1);
    private LinkProfile defaultUplink = LinkProfile.ofLatency(10);
    private long now;
    private long nextPacketId;
    private long eventsProcessed;

    public Simulation(long seed) {
        this.seed = seed;
        this.linkRandom = random("links");
        this.internet = new Internet(this);
    }

    public long seed() {
        return seed;
    }

    /** Virtual milliseconds since the start. */
    public long now() {
        return now;
    }

    public long eventsProcessed() {
        return eventsProcessed;
    }

    public Internet internet() {
        return internet;
    }

    /** A NAT router with a fresh public address and the next free LAN, 10.x.y.0/24. */
    public NatRouter addNat(String name, NatModel model) {
        int index = nats.size() + 1;
        return addNat(name, model, Subnet.parse("10." + (index >> 8 & 0xFF) + "." + (index & 0xFF) + ".0/24"));
    }

    /** A NAT router with the given LAN; two NATs may use the same private subnet, as real homes do. */
    public NatRouter addNat(String name, NatModel model, Subnet lan) {
        if (nats.containsKey(name) || hosts.containsKey(name)) {
            throw new IllegalArgumentException("name already used: " + name);
        }
        NatRouter router = new NatRouter(this, name, model, internet.allocate(), lan);
        nats.put(name, router);
        return router;
    }

    public Host host(String name) {
        Host host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no host named " + name);
        }
        return host;
    }

    public NatRouter nat(String name) {
        NatRouter router = nats.get(name);
        if (router == null) {
            throw new IllegalArgumentException("no NAT router named " + name);
        }
        return router;
    }

    /** The access link hosts get when they join a LAN from now on (default 1 ms). */
    public void setDefaultLanLink(LinkProfile link) {
        defaultLanLink = link;
    }

    /** The uplink NAT routers and public hosts get from now on (default 10 ms). */
    public void setDefaultUplink(LinkProfile link) {
        defaultUplink = link;
    }

    public NetworkStats stats() {
        return stats;
    }

    /** Every {@link TraceEvent} a node writes goes to {@code sink}, in the order they happen. */
    public void addTraceSink(Consumer<? super TraceEvent> sink) {
        traceSinks.add(sink);
    }

    public void addPacketListener(PacketListener listener) {
        packetListeners.add(listener);
    }

    /**
     * A random stream for {@code purpose} (a node's own choices, say "peer:alice") derived from
     * the seed and the purpose alone, so adding another stream or another host never shifts this
     * one. Each call starts the stream afresh: ask once per purpose.
     */
    public RandomGenerator random(String purpose) {
        return new SplittableRandom(mix(mix(seed) + purpose.hashCode()));
    }

    /** Runs {@code action} (sleep a host, move it, restart it...) at virtual time {@code time}. */
    public void at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("t=" + time + " is in the past (now " + now + ")");
        }
        queue.schedule(new ScheduledAction(action), time);
    }

    /** Processes every event up to and including {@code now() + millis}, then sets the clock there. */
    public void runFor(long millis) {
        runUntil(now + millis);
    }

    /** Processes every event up to and including {@code time}, then sets the clock there. */
    public void runUntil(long time) {
        runUntil(time, () -> false);
    }

    /**
     * Processes events until {@code done} holds (checked after each event) or {@code time} is
     * reached. Returns whether {@code done} held; the clock stays at the event that made it so.
     */
    public boolean runUntil(long time, BooleanSupplier done) {
        if (done.getAsBoolean()) {
            return true;
        }
        Event event;
        while ((event = queue.pollDue(time)) != null) {
            now = event.time;
            event.fire();
            eventsProcessed++;
            if (done.getAsBoolean()) {
                return true;
            }
        }
        now = Math.max(now, time);
        return false;
    }

    @Override
    public String toString() {
        return "Simulation[seed=" + seed + ", t=" + now + " ms, " + stats + "]";
    }

    Host newHost(String name) {
        if (hosts.containsKey(name) || nats.containsKey(name)) {
            throw new IllegalArgumentException("name already used: " + name);
        }
        Host host = new Host(this, name);
        hosts.put(name, host);
        return host;
    }

    LinkProfile defaultLanLink() {
        return defaultLanLink;
    }

    LinkProfile defaultUplink() {
        return defaultUplink;
    }

    void schedule(Event event, long time) {
        queue.schedule(event, time);
    }

    Packet newPacket(Endpoint source, Endpoint destination, byte[] payload, int ttl) {
        return new Packet(nextPacketId++, source, destination, payload, ttl);
    }

    /**
     * Sends {@code packet} across one link to {@code to}: it may be lost, duplicated, delayed
     * and held back as the link's profile says. Draws randomness only for impairments that are
     * switched on, so an ideal link never shifts the random stream.
     */
    void transmit(Packet packet, LinkProfile link, PacketReceiver to, String linkOwner) {
        if (link.loss() > 0 && linkRandom.nextDouble() < link.loss()) {
            drop(packet, NetworkDropReason.LOSS, linkOwner);
            return;
        }
        if (link.duplication() > 0 && linkRandom.nextDouble() < link.duplication()) {
            Packet copy = packet.duplicate();
            stats.countDuplicated();
            copy.next = to;
            queue.schedule(copy, now + delay(link));
        }
        packet.next = to;
        queue.schedule(packet, now + delay(link));
    }

    void sent(Packet packet, String host) {
        stats.countSent();
        for (PacketListener listener : packetListeners) {
            listener.sent(packet, host);
        }
    }

    void delivered(Packet packet, String host) {
        stats.countDelivered();
        for (PacketListener listener : packetListeners) {
            listener.delivered(packet, host);
        }
    }

    void drop(Packet packet, NetworkDropReason reason, String where) {
        stats.countDropped(reason);
        for (PacketListener listener : packetListeners) {
            listener.dropped(packet, reason, where);
        }
    }

    void trace(TraceEvent event) {
        for (Consumer<? super TraceEvent> sink : traceSinks) {
            sink.accept(event);
        }
    }

    SimulationException failure(String host, String problem, Throwable cause) {
        return new SimulationException(seed, now, host, problem, cause);
    }

    private long delay(LinkProfile link) {
        long delay = link.latencyMillis();
        if (link.jitterMillis() > 0) {
            delay += linkRandom.nextLong(link.jitterMillis() + 1);
        }
        if (link.reordering() > 0 && linkRandom.nextDouble() < link.reordering()) {
            delay += link.reorderDelayMillis();
        }
        return delay;
    }

    /**
     * A bijective bit mixer (the SplitMix64 finaliser): neighbouring seeds give unrelated
     * streams instead of the same stream shifted by one draw.
     */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static final class ScheduledAction extends Event {

        private final Runnable action;

        ScheduledAction(Runnable action) {
            this.action = action;
        }

        @Override
        void fire() {
            action.run();
        }
    }
}
