package org.ptpmesh.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.AttemptResult;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.TraceEvent;

/**
 * The lab of every pair scenario: two introducers on public hosts and two peers, {@code a} and
 * {@code b}, each behind its own box of the given kind (or both behind one NAT), optionally
 * with loss on the internet and live captures. {@link #connect} is the measurement the
 * connectivity matrix reports.
 */
public final class TwoPeers implements AutoCloseable {

    private final Lab lab;
    private final LabIntroducer introA;
    private final LabIntroducer introB;
    private final PairPeer a;
    private final PairPeer b;
    private final Path traceDir;

    private TwoPeers(Lab lab, PairOptions options, UnaryOperator<PeerConfig> tweak, LabHost hostA, LabHost hostB) {
        this(lab, options, tweak, hostA, hostB, TwoPeers::onIpv6ByKind, h -> false);
    }

    /**
     * @param onIpv6    which hosts' single-family peers know the introducers by their IPv6 addresses
     * @param dualStack which hosts run a dual-stack peer (both families) instead
     */
    private TwoPeers(Lab lab, PairOptions options, UnaryOperator<PeerConfig> tweak, LabHost hostA, LabHost hostB,
            Predicate<LabHost> onIpv6, Predicate<LabHost> dualStack) {
        this.lab = lab;
        this.traceDir = options.traceDir();
        if (options.lossPercent() > 0) {
            lab.loss(options.lossPercent());
        }
        if (options.natUdpTimeoutSeconds() > 0) {
            for (LabHost h : List.of(hostA, hostB)) {
                if (h.nat() != null) {
                    h.nat().udpTimeoutSeconds(options.natUdpTimeoutSeconds());
                }
            }
        }
        LabHost hostIa = lab.publicHost("ia");
        LabHost hostIb = lab.publicHost("ib");
        if (options.captureDir() != null) {
            // captured, a datagram must look as on a wire: one per packet, not a GSO run joined on the veth
            List.of(hostA, hostB, hostIa, hostIb).forEach(lab::onePacketPerDatagram);
            captureAll(List.of(hostA, hostB), options.captureDir());
        }
        introA = LabIntroducer.start(lab, hostIa);
        introB = LabIntroducer.start(lab, hostIb);
        a = startPeer("a", hostA, options, tweak, onIpv6.test(hostA), dualStack.test(hostA));
        b = startPeer("b", hostB, options, tweak, onIpv6.test(hostB), dualStack.test(hostB));
    }

    private PairPeer startPeer(String name, LabHost host, PairOptions options, UnaryOperator<PeerConfig> tweak, boolean onIpv6,
            boolean dualStack) {
        if (dualStack) {
            return LabDualStackPeer.start(lab, host, name, introA, introB, options, tweak);
        }
        return LabPeer.start(lab, host, tweak.apply(options.peerConfig(name, introA, introB, onIpv6)), !options.legacy());
    }

    /** Peer a behind a box of kind {@code from}, peer b behind one of kind {@code to}. */
    public static TwoPeers start(LabNat from, LabNat to, PairOptions options, UnaryOperator<PeerConfig> tweak) {
        Lab lab = Lab.create();
        try {
            return new TwoPeers(lab, options, tweak, host(lab, "a", from), host(lab, "b", to));
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    public static TwoPeers start(LabNat from, LabNat to, PairOptions options) {
        return start(from, to, options, c -> c);
    }

    /** Peer a behind a box of kind {@code from} (one with port mapping) whose miniupnpd is set up as {@code routerA} says. */
    public static TwoPeers start(LabNat from, LabMiniupnpd.Settings routerA, LabNat to, PairOptions options) {
        Lab lab = Lab.create();
        try {
            return new TwoPeers(lab, options, c -> c, lab.nat("nata", from, routerA).host("a"), host(lab, "b", to));
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * As {@link #start(LabNat, LabNat, PairOptions)}, both peers on IPv4 whatever their boxes
     * route: behind dual-stack routers, the IPv4 pair through the NATs.
     */
    public static TwoPeers startOnIpv4(LabNat from, LabNat to, PairOptions options) {
        Lab lab = Lab.create();
        try {
            return new TwoPeers(lab, options, c -> c, host(lab, "a", from), host(lab, "b", to), h -> false, h -> false);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * As {@link #start(LabNat, LabNat, PairOptions)}, with a dual-stack peer on every host behind a
     * {@code dual} router, as a dual-stack host there would run: it reaches an IPv4 peer on IPv4
     * through the NAT and an IPv6 one on IPv6. The connectivity matrix runs pairs so.
     */
    public static TwoPeers startDualStack(LabNat from, LabNat to, PairOptions options) {
        Lab lab = Lab.create();
        try {
            return new TwoPeers(lab, options, c -> c, host(lab, "a", from), host(lab, "b", to), TwoPeers::onIpv6ByKind,
                    h -> !h.isPublic() && h.nat().kind() == LabNat.DUAL);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * A peer behind a box with IPv6 (fw6, dual) works on IPv6, as a dual-stack peer would pick it
     * on a tie; the others on IPv4. The introducers serve both.
     */
    private static boolean onIpv6ByKind(LabHost host) {
        return !host.isPublic() && host.nat().kind().ipv6();
    }

    /** Both peers on the LAN of one NAT of this kind. */
    public static TwoPeers behindOneNat(LabNat kind, PairOptions options) {
        Lab lab = Lab.create();
        try {
            NftablesNatRouter nat = lab.nat("nat", kind);
            return new TwoPeers(lab, options, c -> c, nat.host("a"), nat.host("b"));
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private static LabHost host(Lab lab, String name, LabNat kind) {
        return kind == LabNat.STATIC ? lab.publicHost(name) : lab.nat("nat" + name, kind).host(name);
    }

    /** Captures every NAT's WAN and LAN side (once per NAT) and every public peer's interface. */
    private void captureAll(List<LabHost> hosts, Path dir) {
        Set<NftablesNatRouter> nats = new LinkedHashSet<>();
        for (LabHost host : hosts) {
            if (host.isPublic()) {
                LiveCapture.start(lab, host.netns(), LabHost.INTERFACE, dir.resolve(host.name() + "-static.pcap"));
            } else {
                nats.add(host.nat());
            }
        }
        for (NftablesNatRouter nat : nats) {
            String prefix = nat.name() + "-" + nat.kind().label() + "-";
            LiveCapture.start(lab, nat.netns(), NftablesNatRouter.WAN, dir.resolve(prefix + "wan.pcap"));
            LiveCapture.start(lab, nat.netns(), NftablesNatRouter.LAN, dir.resolve(prefix + "lan.pcap"));
        }
    }

    /** Waits until both peers have classified their NAT; false if they did not in time. */
    public boolean awaitClassified(long timeoutMillis) {
        return Await.until(timeoutMillis, () -> a.nat() != NatType.UNKNOWN && b.nat() != NatType.UNKNOWN);
    }

    /**
     * Waits until introducer A's latest ping from each peer carried the NAT type the peer found:
     * a peer reports its type once, in the ping after classifying, and if that ping is lost the
     * introducer introduces it with a stale type until its next keepalive ping.
     */
    public boolean awaitTypesRegistered(long timeoutMillis) {
        return Await.until(timeoutMillis, () -> registeredType(a).equals(a.nat().name())
                && registeredType(b).equals(b.nat().name()));
    }

    private String registeredType(PairPeer p) {
        String id = p.id().shortName();
        String type = "";
        for (TraceEvent t : introA.traces()) {
            if (t.event().equals(DiagnosticEvent.ANSWER_PING.actionName()) && id.equals(t.params().get("peer"))) {
                type = String.valueOf(t.params().get("nat"));
            }
        }
        return type;
    }

    /**
     * Peer a asks for an introduction to b; waits for both sides' attempts to end, then sends one
     * application message from a to b and reports what happened. May be called again after an
     * attempt gave up: it reports the new attempt.
     */
    public PairResult connect() {
        return connect(true);
    }

    /**
     * As {@link #connect()}; without {@code sendAfter} no message is sent after the attempt, so
     * nothing asks for a new introduction (a message to a peer without a direct path does, relay
     * first), and a failed attempt is followed by quiet.
     */
    public PairResult connect(boolean sendAfter) {
        long t0 = System.currentTimeMillis();
        a.connect(b);
        long budget = a.connectBudgetMillis() + 5_000;
        Await.until(budget, () -> a.decidingAttempt(b, t0) != null);
        Await.until(2_000, () -> b.decidingAttempt(a, t0) != null);
        AttemptResult first = a.decidingAttempt(b, t0);
        int probes = 0;
        if (first != null) {
            probes = first.probes();
            for (AttemptResult theirs : b.attemptsWith(a)) {
                if (theirs.attempt() == first.attempt()) {
                    probes += theirs.probes();
                }
            }
        }
        boolean delivered = false;
        if (sendAfter) {
            int before = b.receivedFrom(a).size();
            a.send(b, "ptpmesh lab".getBytes(StandardCharsets.UTF_8));
            delivered = Await.until(3_000, () -> b.receivedFrom(a).size() > before);
        }
        return new PairResult(kindOf(a), kindOf(b), a.nat(), b.nat(), first == null ? null : first.strategy(),
                first == null ? "NONE" : first.outcome().name(), first == null ? System.currentTimeMillis() - t0 : first.endedAt() - t0,
                probes, delivered, a.directTo(b), a.familyTo(b));
    }

    private static LabNat kindOf(PairPeer p) {
        return p.host().isPublic() ? LabNat.STATIC : p.host().nat().kind();
    }

    /** One line per box: namespace, what runs there, its address (for {@code ptpmesh lab up}). */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(lab.internet().name() + "  internet router (198.51.100.0/24 public hosts, 203.0.113.0/24 NATs, "
                + Lab.MAPPING_WAN_NET + "0/24 NATs with port mapping; IPv6 " + Lab.PUBLIC_NET6 + "L::/64 public hosts, "
                + Lab.WAN_NET6 + "L::/64 routers, " + Lab.LAN_NET6 + "N::/64 their LANs)");
        for (LabIntroducer i : List.of(introA, introB)) {
            lines.add(i.host().netns().name() + "  introducer " + i.host().address().getHostAddress() + ":" + LabIntroducer.PORT
                    + " and " + i.identity6().endpoint());
        }
        Set<NftablesNatRouter> nats = new LinkedHashSet<>();
        for (PairPeer p : List.of(a, b)) {
            LabHost h = p.host();
            lines.add(p.describe());
            if (!h.isPublic()) {
                nats.add(h.nat());
            }
        }
        for (NftablesNatRouter n : nats) {
            lines.add(n.netns().name() + "  " + n.kind().label() + " NAT, wan " + n.wanAddress().getHostAddress()
                    + ", lan " + n.hosts().get(0).address().getHostAddress().replaceAll("\\.\\d+$", ".0/24")
                    + (n.kind().ipv6() ? " and " + Lab.LAN_NET6 + n.lanNumber() + "::/64" : ""));
        }
        return lines;
    }

    public Lab lab() {
        return lab;
    }

    public LabIntroducer introducerA() {
        return introA;
    }

    public LabIntroducer introducerB() {
        return introB;
    }

    public LabPeer a() {
        return singleFamily(a);
    }

    public LabPeer b() {
        return singleFamily(b);
    }

    private static LabPeer singleFamily(PairPeer p) {
        if (p instanceof LabPeer single) {
            return single;
        }
        throw new IllegalStateException(p.host().name() + " runs a dual-stack peer, not a single-family one");
    }

    /** Closes the lab; with {@link PairOptions#traceDir}, then writes the trace of every node it ran. */
    @Override
    public void close() {
        lab.close();
        if (traceDir != null) {
            try {
                introA.writeTrace(traceDir);
                introB.writeTrace(traceDir);
                a.writeTrace(traceDir);
                b.writeTrace(traceDir);
            } catch (IOException e) {
                throw new LabException("cannot write the lab's traces under " + traceDir + ": " + e.getMessage(), e);
            }
        }
    }
}
