package org.ptpmesh.lab;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.ptpmesh.dualstack.DualStackDefaults;
import org.ptpmesh.dualstack.DualStackPeer;
import org.ptpmesh.dualstack.Family;
import org.ptpmesh.identity.DrivenNode;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.AttemptResult;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A dual-stack peer ({@link DualStackPeer}) on real UDP on a lab host: one dual-stack socket per
 * port, its IPv4 half registered with the introducers' IPv4 addresses and its IPv6 half with their
 * IPv6 ones, under one id; with the application messages it received. Keyed as a {@link LabPeer}
 * unless started legacy: one identity, the introducers reached sealed on both families.
 */
public final class LabDualStackPeer extends NodeInNamespace implements PairPeer {

    private final DualStackPeer peer;
    private final DrivenNode driven;
    private final PeerConfig ipv4;
    private final PeerConfig ipv6;
    private final List<LabPeer.Delivered> delivered;

    private LabDualStackPeer(LabHost host, DualStackPeer peer, DrivenNode driven, PeerConfig ipv4, PeerConfig ipv6,
                             List<LabPeer.Delivered> delivered) {
        super(host, driven.node(), ANY_DUAL_STACK);
        this.peer = peer;
        this.driven = driven;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.delivered = delivered;
    }

    /**
     * Starts a dual-stack peer named {@code name} on {@code host}; the lab stops it when it closes.
     *
     * @param ipv4 the IPv4 half's config (IPv4 introducers)
     * @param ipv6 the IPv6 half's config (IPv6 introducers, ports none of the IPv4 half's)
     * @param keyed false for a legacy peer: plain, a random id
     */
    public static LabDualStackPeer start(Lab lab, LabHost host, String name, PeerConfig ipv4, PeerConfig ipv6, boolean keyed) {
        List<LabPeer.Delivered> delivered = new CopyOnWriteArrayList<>();
        String keyName = host.name() + "/" + name;
        PeerId id = keyed ? lab.keys().identity(keyName).peerId() : PeerId.random(new SecureRandom());
        DualStackPeer peer = new DualStackPeer(name, ipv4, ipv6, id, System.currentTimeMillis(),
                new SecureRandom(), (from, payload, now) -> delivered.add(new LabPeer.Delivered(from, payload, now)));
        DrivenNode driven = keyed ? lab.keys().keyed(lab, keyName, peer, Set.of(ipv4.introducerA().endpoint(),
                ipv4.introducerB().endpoint(), ipv6.introducerA().endpoint(), ipv6.introducerB().endpoint())) : DrivenNode.plain(peer);
        LabDualStackPeer p = lab.own(new LabDualStackPeer(host, peer, driven, ipv4, ipv6, delivered));
        p.start();
        return p;
    }

    /**
     * A dual-stack peer named {@code name} on {@code host}, configured as {@code options} configure
     * a lab peer, then {@code tweak}: the IPv4 half on the peer ports, the IPv6 half on the next two.
     */
    public static LabDualStackPeer start(Lab lab, LabHost host, String name, LabIntroducer ia, LabIntroducer ib, PairOptions options,
            UnaryOperator<PeerConfig> tweak) {
        return start(lab, host, name, tweak.apply(options.peerConfig(name + "-v4", ia, ib, false)),
                tweak.apply(options.peerConfig(name + "-v6", ia, ib, true)
                        .withPorts(DualStackDefaults.IPV6_LOCAL_PORT, DualStackDefaults.IPV6_TEST_PORT)), !options.legacy());
    }

    @Override
    public PeerId id() {
        return peer.id();
    }

    /** The IPv4 half's NAT type once both halves are classified (behind a dual router both are Easy), else UNKNOWN. */
    @Override
    public NatType nat() {
        return nat(Family.IPV6) == NatType.UNKNOWN ? NatType.UNKNOWN : nat(Family.IPV4);
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
    public Path pathTo(PairPeer other, Family family) {
        return ask(now -> peer.peer(family).pathTo(other.id()));
    }

    /** The family data to {@code other} goes on (null while neither family has a path). */
    @Override
    public Family familyTo(PairPeer other) {
        return ask(now -> peer.familyTo(other.id()));
    }

    /** Asks both families' introducers for an introduction to {@code other}. */
    @Override
    public void connect(PairPeer other) {
        runtime().execute((now, out) -> driven.call(now, out, inner -> peer.connect(other.id(), now, inner)));
    }

    /** Sends an application message on the family {@link org.ptpmesh.dualstack.PathChoice} picks. */
    @Override
    public void send(PairPeer other, byte[] payload) {
        runtime().execute((now, out) -> driven.call(now, out, inner -> peer.send(other.id(), payload, now, inner)));
    }

    /** Payloads received from {@code other}, in delivery order. */
    @Override
    public List<byte[]> receivedFrom(PairPeer other) {
        return LabPeer.Delivered.payloadsFrom(delivered, other.id());
    }

    /** Both halves' finished attempts toward {@code other}, IPv4's first. */
    @Override
    public List<AttemptResult> attemptsWith(PairPeer other) {
        return ask(now -> {
            List<AttemptResult> both = new ArrayList<>();
            for (Family family : Family.values()) {
                both.addAll(attemptsOf(family, other));
            }
            return both;
        });
    }

    /**
     * Once both halves' attempts since {@code since} ended, the one of the family data then goes
     * on (IPv4's while neither has a path): a connect asks on both families, and the other
     * family's attempt (a relay to a single-family remote, say) says nothing of the data path.
     */
    @Override
    public AttemptResult decidingAttempt(PairPeer other, long since) {
        return ask(now -> {
            AttemptResult four = PairPeer.firstEndedSince(attemptsOf(Family.IPV4, other), since);
            AttemptResult six = PairPeer.firstEndedSince(attemptsOf(Family.IPV6, other), since);
            if (four == null || six == null) {
                return null;
            }
            return peer.familyTo(other.id()) == Family.IPV6 ? six : four;
        });
    }

    /** Runs on the peer's loop (inside {@code ask}). */
    private List<AttemptResult> attemptsOf(Family family, PairPeer other) {
        return peer.peer(family).attemptResults().stream().filter(r -> r.target().equals(other.id())).toList();
    }

    @Override
    public boolean directTo(PairPeer other) {
        return ask(now -> peer.pathTo(other.id())) == Path.DIRECT;
    }

    /** The longer of the two halves' connect budgets: both run at once. */
    @Override
    public long connectBudgetMillis() {
        return Math.max(ipv4.connectingMaxMillis() + ipv4.punchDelayMillis(), ipv6.connectingMaxMillis() + ipv6.punchDelayMillis());
    }

    @Override
    public String describe() {
        LabHost h = host();
        return h.netns().name() + "  dual-stack peer " + ipv4.name() + " " + new Endpoint(h.address(), ipv4.localPort())
                + " and " + new Endpoint(h.address6(), ipv6.localPort())
                + (h.isPublic() ? " (static)" : " behind " + h.nat().netns().name()) + ", classified " + nat() + ", id " + id()
                + (driven.sealed() != null ? " (keyed)" : " (legacy)");
    }
}
