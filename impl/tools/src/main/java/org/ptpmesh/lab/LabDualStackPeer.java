package org.ptpmesh.lab;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ptpmesh.dualstack.DualStackPeer;
import org.ptpmesh.dualstack.Family;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A dual-stack peer ({@link DualStackPeer}) on real UDP on a lab host: one dual-stack socket per
 * port, its IPv4 half registered with the introducers' IPv4 addresses and its IPv6 half with their
 * IPv6 ones, under one id; with the application messages it received.
 */
public final class LabDualStackPeer extends NodeInNamespace {

    private final DualStackPeer peer;
    private final List<LabPeer.Delivered> delivered;

    private LabDualStackPeer(LabHost host, DualStackPeer peer, List<LabPeer.Delivered> delivered) {
        super(host, peer, ANY_DUAL_STACK);
        this.peer = peer;
        this.delivered = delivered;
    }

    /**
     * Starts a dual-stack peer named {@code name} on {@code host}; the lab stops it when it closes.
     *
     * @param ipv4 the IPv4 half's config (IPv4 introducers)
     * @param ipv6 the IPv6 half's config (IPv6 introducers, ports none of the IPv4 half's)
     */
    public static LabDualStackPeer start(Lab lab, LabHost host, String name, PeerConfig ipv4, PeerConfig ipv6) {
        List<LabPeer.Delivered> delivered = new CopyOnWriteArrayList<>();
        DualStackPeer peer = new DualStackPeer(name, ipv4, ipv6, PeerId.random(new SecureRandom()), System.currentTimeMillis(),
                new SecureRandom(), (from, payload, now) -> delivered.add(new LabPeer.Delivered(from, payload, now)));
        LabDualStackPeer p = lab.own(new LabDualStackPeer(host, peer, delivered));
        p.start();
        return p;
    }

    public PeerId id() {
        return peer.id();
    }

    /** The NAT type the half of {@code family} found. */
    public NatType nat(Family family) {
        return ask(now -> peer.peer(family).nat());
    }

    /** The public address the half of {@code family} registered with. */
    public Endpoint publicAddress(Family family) {
        return ask(now -> peer.peer(family).publicAddress());
    }

    /** The path the half of {@code family} has to {@code other}. */
    public Path pathTo(LabDualStackPeer other, Family family) {
        return ask(now -> peer.peer(family).pathTo(other.id()));
    }

    /** The family data to {@code other} goes on (null while neither family has a path). */
    public Family familyTo(LabDualStackPeer other) {
        return ask(now -> peer.familyTo(other.id()));
    }

    /** Asks both families' introducers for an introduction to {@code other}. */
    public void connect(LabDualStackPeer other) {
        runtime().execute((now, out) -> peer.connect(other.id(), now, out));
    }

    /** Sends an application message on the family {@link org.ptpmesh.dualstack.PathChoice} picks. */
    public void send(LabDualStackPeer other, byte[] payload) {
        runtime().execute((now, out) -> peer.send(other.id(), payload, now, out));
    }

    /** Payloads received from {@code other}, in delivery order. */
    public List<byte[]> receivedFrom(LabDualStackPeer other) {
        return LabPeer.Delivered.payloadsFrom(delivered, other.id());
    }
}
