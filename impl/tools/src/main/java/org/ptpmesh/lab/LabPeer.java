package org.ptpmesh.lab;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ptpmesh.dualstack.Family;
import org.ptpmesh.identity.DrivenNode;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.AttemptResult;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.portmap.DefaultGateway;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.PortMapping;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A peer of the introducer design ({@link Peer}) on real UDP on a lab host, with the application
 * messages it received. It is keyed unless started {@link #startLegacy legacy}: its own identity,
 * the lab's introducers' keys pinned, its introducers reached sealed and its direct paths punched
 * with IK and sealed (docs/protocol.md 6.9).
 */
public final class LabPeer extends NodeInNamespace implements PairPeer {

    /** An application message as delivered: in order and exactly once per sender. */
    public record Delivered(PeerId from, byte[] payload, long at) {

        /** The payloads of {@code delivered} that came from {@code sender}, in delivery order. */
        static List<byte[]> payloadsFrom(List<Delivered> delivered, PeerId sender) {
            List<byte[]> from = new ArrayList<>();
            for (Delivered d : delivered) {
                if (d.from().equals(sender)) {
                    from.add(d.payload());
                }
            }
            return from;
        }
    }

    private final Peer peer;
    private final DrivenNode driven;
    private final PeerConfig config;
    private final List<Delivered> delivered;

    private LabPeer(LabHost host, Peer peer, DrivenNode driven, PeerConfig config, List<Delivered> delivered) {
        // a peer works in its introducers' family (docs/peer.md, "IPv6"): IPv4 ones keep it on 0.0.0.0 as ever
        super(host, driven.node(), config.introducerA().endpoint().isIpv4() ? ANY : ANY_DUAL_STACK);
        this.peer = peer;
        this.driven = driven;
        this.config = config;
        this.delivered = delivered;
    }

    /**
     * Starts a peer on {@code host} with {@code config}; the lab stops it when it closes. Behind a
     * box with port mapping the peer asks the default gateway it finds in the host's namespace, as
     * a peer on a real host does, unless {@code config} names a gateway already. The peer is keyed.
     */
    public static LabPeer start(Lab lab, LabHost host, PeerConfig config) {
        return start(lab, host, config, true);
    }

    /** As {@link #start}, without keys: plain, a random id, introduced only to legacy peers. */
    public static LabPeer startLegacy(Lab lab, LabHost host, PeerConfig config) {
        return start(lab, host, config, false);
    }

    static LabPeer start(Lab lab, LabHost host, PeerConfig config, boolean keyed) {
        if (config.portMap() == null && !host.isPublic() && host.nat().kind().portMapping()) {
            PortMapGateway gateway = host.netns().call(DefaultGateway::find)
                    .orElseThrow(() -> new LabException(host.name() + " has no default gateway to ask for a port mapping"));
            config = config.toBuilder().portMap(gateway).build();
        }
        List<Delivered> delivered = new CopyOnWriteArrayList<>();
        String name = host.name() + "/" + config.name();
        PeerId id = keyed ? lab.keys().identity(name).peerId() : PeerId.random(new SecureRandom());
        Peer peer = new Peer(config, id, System.currentTimeMillis(), new SecureRandom(),
                (from, payload, now) -> delivered.add(new Delivered(from, payload, now)));
        DrivenNode driven = keyed ? lab.keys().keyed(lab, name, peer, Set.of(config.introducerA().endpoint(),
                config.introducerB().endpoint())) : DrivenNode.plain(peer);
        LabPeer p = lab.own(new LabPeer(host, peer, driven, config, delivered));
        // the runtime tells the peer its LAN address right after start, before the first pings
        p.start();
        return p;
    }

    @Override
    public PeerId id() {
        return peer.id();
    }

    public PeerConfig config() {
        return config;
    }

    @Override
    public NatType nat() {
        return ask(now -> peer.nat());
    }

    /** The port mapping the peer holds, if any. */
    public Optional<PortMapping> portMapping() {
        return ask(now -> peer.portMapping());
    }

    /** Deletes the peer's port mapping as it does before exiting, and waits until the request is sent. */
    public void releasePortMapping() {
        runtime().execute((now, out) -> driven.call(now, out, inner -> peer.stop(now, inner)));
        // the loop sends what a task wrote before it runs the next one
        ask(now -> null);
    }

    public Endpoint publicAddress() {
        return ask(now -> peer.publicAddress());
    }

    public Path pathTo(LabPeer other) {
        return ask(now -> peer.pathTo(other.id()));
    }

    /** Asks the introducer for an introduction to {@code other} (the introducer design's connect). */
    @Override
    public void connect(PairPeer other) {
        runtime().execute((now, out) -> driven.call(now, out, inner -> peer.connect(other.id(), now, inner)));
    }

    /** Sends an application message: direct if a path is confirmed, else relayed while a connect runs. */
    @Override
    public void send(PairPeer other, byte[] payload) {
        runtime().execute((now, out) -> driven.call(now, out, inner -> peer.send(other.id(), payload, now, inner)));
    }

    /** Finished connect attempts toward {@code other}, oldest first. */
    @Override
    public List<AttemptResult> attemptsWith(PairPeer other) {
        return ask(now -> {
            List<AttemptResult> mine = new ArrayList<>();
            for (AttemptResult r : peer.attemptResults()) {
                if (r.target().equals(other.id())) {
                    mine.add(r);
                }
            }
            return mine;
        });
    }

    /** The first attempt toward {@code other} that ended at or after {@code since}: a single-family peer makes one. */
    @Override
    public AttemptResult decidingAttempt(PairPeer other, long since) {
        return PairPeer.firstEndedSince(attemptsWith(other), since);
    }

    /** Payloads received from {@code other}, in delivery order. */
    @Override
    public List<byte[]> receivedFrom(PairPeer other) {
        return Delivered.payloadsFrom(delivered, other.id());
    }

    @Override
    public boolean directTo(PairPeer other) {
        return ask(now -> peer.pathTo(other.id())) == Path.DIRECT;
    }

    /** The family of the introducers' addresses: a single-family peer works in it alone. */
    @Override
    public Family familyTo(PairPeer other) {
        return onIpv4() ? Family.IPV4 : Family.IPV6;
    }

    @Override
    public long connectBudgetMillis() {
        return config.connectingMaxMillis() + config.punchDelayMillis();
    }

    /** Whether the peer holds a key (it was not started legacy). */
    public boolean keyed() {
        return driven.sealed() != null;
    }

    /** Sessions the keyed peer has open: one with each introducer, and one or two per route to each peer it punched to. */
    public int sessions() {
        return keyed() ? ask(now -> driven.sealed().sessionCount()) : 0;
    }

    @Override
    public String describe() {
        LabHost h = host();
        return h.netns().name() + "  peer " + config.name() + " "
                + new Endpoint(onIpv4() ? h.address() : h.address6(), config.localPort())
                + (h.isPublic() ? " (static)" : " behind " + h.nat().netns().name()) + ", classified " + nat() + ", id " + id() + (keyed() ? " (keyed)" : " (legacy)");
    }

    private boolean onIpv4() {
        return config.introducerA().endpoint().isIpv4();
    }
}
