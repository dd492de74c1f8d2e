package org.ptpmesh.sim.nat;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;

/**
 * A one-to-one NAT: each inside address is paired with its own public address for as long as the
 * router exists. Ports are never rewritten and nothing is filtered, so there is no per-flow state,
 * no mapping timeout and nothing conntrack could get in the way of.
 */
public final class OneToOneTable implements NatTable {

    private final Map<InetAddress, InetAddress> publicByInside = new HashMap<>();
    private final Map<InetAddress, InetAddress> insideByPublic = new HashMap<>();

    /** Pairs {@code inside} with {@code publicAddress}; a host that comes back keeps its pair. */
    public void assign(InetAddress inside, InetAddress publicAddress) {
        InetAddress previous = publicByInside.putIfAbsent(inside, publicAddress);
        if (previous != null && !previous.equals(publicAddress)) {
            throw new IllegalStateException(inside.getHostAddress() + " is already paired with " + previous.getHostAddress());
        }
        insideByPublic.put(publicAddress, inside);
    }

    /** The public address paired with {@code inside}, or null. */
    public InetAddress publicAddressOf(InetAddress inside) {
        return publicByInside.get(inside);
    }

    @Override
    public Endpoint outbound(Endpoint inside, Endpoint remote, long now) {
        InetAddress publicAddress = publicByInside.get(inside.address());
        if (publicAddress == null) {
            throw new IllegalStateException("no public address paired with " + inside.host());
        }
        return new Endpoint(publicAddress, inside.port());
    }

    @Override
    public Endpoint inbound(Endpoint publicDestination, Endpoint remote, long now) {
        InetAddress inside = insideByPublic.get(publicDestination.address());
        return inside == null ? null : new Endpoint(inside, publicDestination.port());
    }

    /** Always empty: static pairs are not flows (see {@link #publicAddressOf}). */
    @Override
    public List<NatFlow> flows(long now) {
        return List.of();
    }
}
