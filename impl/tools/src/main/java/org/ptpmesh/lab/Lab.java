package org.ptpmesh.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One lab topology of network namespaces, made with {@code ip} and {@code nft}:
 *
 * <pre>
 *   host ── eth0 ─┐                                   ┌─ eth0 ── introducer / Static peer
 *   host ── eth0 ─┴─ lan (bridge) NAT wan ── lN ─ internet ─ lM ── eth0 ── ...
 * </pre>
 *
 * The "internet" is a namespace that routes: every box (NAT or public host) has its own veth
 * link to it (a /30 of 198.51.100.0/24 for public hosts, of 203.0.113.0/24 for NATs), so a
 * datagram between two NATs crosses three routers and loses one TTL at each, as on the real
 * internet; a bridge would not (docs/peer.md, "Openers": the low-TTL openers depend on it). LANs are
 * 10.N.0.0/24 behind their NAT.
 *
 * <p>Names carry the run ({@code ptpl-PID-N-}) so parallel labs never collide; {@link #close}
 * closes what runs in the lab, then deletes every namespace (which deletes their links), and a
 * shutdown hook does the same if the JVM is stopped first. {@link LabCleanup} removes what a
 * killed JVM left behind.
 */
public final class Lab implements AutoCloseable {

    static final String PREFIX = "ptpl-";
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final int MAX_LINKS = 64;
    /** The queue of a {@link #rateLimit} bottleneck, in milliseconds at its rate. */
    static final int BOTTLENECK_QUEUE_MILLIS = 20;
    /** The token bucket's burst: about twenty full datagrams, so timer granularity never holds the link below its rate. */
    static final int BOTTLENECK_BURST_BYTES = 32_000;

    private final String run;
    private final Netns internet;
    private final List<Netns> namespaces = new ArrayList<>();
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final Thread shutdownHook;
    private final LabKeys keys;
    private int publicLinks;
    private int natLinks;
    /**
     * WAN addresses of boxes with port mapping: public space (miniupnpd refuses reserved ones), and
     * safe here because no lab namespace has a route out of the lab.
     */
    static final String MAPPING_WAN_NET = "100.128.0.";
    private boolean closed;
    /** Public hosts' links on IPv6: 2001:db8:198:L::/64 (mirrors 198.51.100.0/24), the host at ::2, the router at ::1. */
    static final String PUBLIC_NET6 = "2001:db8:198:";
    /** NAT and firewall boxes' WAN links on IPv6: 2001:db8:203:L::/64 (mirrors 203.0.113.0/24). */
    static final String WAN_NET6 = "2001:db8:203:";
    /** The LAN of box N on IPv6, for the kinds with a firewall: 2001:db8:10:N::/64 (mirrors 10.N.0.0/24), the box at ::1. */
    static final String LAN_NET6 = "2001:db8:10:";

    private Lab(String run) {
        this.run = run;
        this.shutdownHook = new Thread(this::deleteNamespaces, "ptpmesh-lab-teardown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.internet = namespace("internet");
        // owned first, closed last: the identity files go once every node using them has stopped
        this.keys = own(LabKeys.create(run));
        internet.ip("link", "set", "lo", "up");
        internet.sysctl("net.ipv4.ip_forward", "1");
        internet.sysctl("net.ipv6.conf.all.forwarding", "1");
    }

    /**
     * Makes a new lab holding only the internet router. Fails with a {@link LabException} saying
     * why when this machine cannot (see {@link LabSupport#unavailableReason()}).
     */
    public static Lab create() {
        LabCleanup.removeStale();
        return new Lab(PREFIX + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet() + "-");
    }

    /** A public host: its own namespace linked to the internet router, no NAT (introducers, Static peers). */
    public LabHost publicHost(String name) {
        int link = nextLink(publicLinks++, "public hosts");
        Netns ns = namespace(name);
        InetAddress address = linkToInternet(ns, LabHost.INTERFACE, "198.51.100.", link);
        InetAddress address6 = linkToInternet6(ns, LabHost.INTERFACE, PUBLIC_NET6, link);
        return new LabHost(name, ns, address, address6, null);
    }

    /**
     * Gives a public host one more address (from a /30 of its own, routed to the host's link), for
     * servers that answer from two addresses, such as a STUN server doing RFC 5780 discovery.
     */
    public InetAddress addPublicAddress(LabHost host) {
        if (!host.isPublic()) {
            throw new IllegalArgumentException(host.name() + " is behind a NAT; only a public host gets more public addresses");
        }
        int link = nextLink(publicLinks++, "public hosts");
        String extra = "198.51.100." + (4 * link + 2);
        host.netns().ip("addr", "add", extra + "/32", "dev", LabHost.INTERFACE);
        internet.ip("route", "add", extra + "/32", "dev", routerSide(host));
        return parse(extra);
    }

    /**
     * Makes the router's link to a public host a bottleneck of {@code mbit} Mbit/s for what the
     * host receives: a token bucket ({@code tc qdisc tbf}; netem is not to be had here) on the
     * router's end, with a queue of {@value #BOTTLENECK_QUEUE_MILLIS} ms at that rate, where
     * senders that overrun the link lose datagrams as at a real router.
     */
    public void rateLimit(LabHost host, int mbit) {
        if (!host.isPublic()) {
            throw new IllegalArgumentException(host.name() + " is behind a NAT; only a public host's link is rate-limited");
        }
        if (mbit < 1 || mbit > 10_000) {
            throw new IllegalArgumentException("a bottleneck is 1-10000 Mbit/s, got " + mbit);
        }
        internet.exec("", "tc", "qdisc", "add", "dev", routerSide(host), "root", "tbf", "rate", mbit + "mbit",
                "burst", BOTTLENECK_BURST_BYTES + "b", "latency", BOTTLENECK_QUEUE_MILLIS + "ms");
    }

    /**
     * Drops {@code percent}% of the UDP datagrams to and from {@code port} of {@code host}, at
     * random and independently each way, on the input hooks of both ends: at {@code host}
     * those with destination port {@code port}, at {@code peer} those with source port
     * {@code port}. Other traffic of the lab (a TCP flow beside it) keeps its path clean.
     */
    public void udpLoss(LabHost host, int port, LabHost peer, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss must be 0-100 %, got " + percent);
        }
        host.netns().nft(inputDrop("udp dport " + port, percent));
        peer.netns().nft(inputDrop("udp sport " + port, percent));
    }

    /**
     * Lets a host's stack hand its link one datagram per packet, as a wire does: a veth would
     * otherwise carry a UDP GSO send (dozens of datagrams) whole, and a loss rule or a token
     * bucket would drop or pass all of them at once.
     */
    public void onePacketPerDatagram(LabHost host) {
        host.netns().ip("link", "set", LabHost.INTERFACE, "gso_max_segs", "1");
    }

    private static String inputDrop(String match, int percent) {
        // numgen's "mod 100" yields 0-99, so "< 100" is out of its range: all is a plain drop
        String random = percent == 100 ? "" : " numgen random mod 100 < " + percent;
        return "table inet ptpmesh_udp_loss {\n"
                + "  chain input {\n"
                + "    type filter hook input priority 0; policy accept;\n"
                + "    " + match + random + " drop\n"
                + "  }\n"
                + "}\n";
    }

    /** The router's end of a public host's link: the interface that carries what the host receives. */
    private String routerSide(LabHost host) {
        return internet.exec("", "ip", "-o", "route", "get", host.address().getHostAddress())
                .replaceAll("(?s).* dev (\\S+).*", "$1").strip();
    }

    /** A NAT box of this kind (EASY or HARD) with an empty LAN 10.N.0.0/24; add hosts with {@link NftablesNatRouter#host}. */
    public NftablesNatRouter nat(String name, LabNat kind) {
        return nat(name, kind, LabMiniupnpd.Settings.defaults());
    }

    /**
     * A NAT box of this kind; a kind with port mapping also runs miniupnpd on its LAN side, set
     * up as {@code router} says. Its WAN address is then from {@link #MAPPING_WAN_NET}: miniupnpd
     * maps nothing on a reserved address, TEST-NET included.
     */
    public NftablesNatRouter nat(String name, LabNat kind, LabMiniupnpd.Settings router) {
        if (kind == LabNat.STATIC) {
            throw new IllegalArgumentException("a Static peer has no NAT: use publicHost");
        }
        int link = nextLink(natLinks++, "NATs");
        Netns ns = namespace(name);
        InetAddress wan = linkToInternet(ns, NftablesNatRouter.WAN, kind.portMapping() ? MAPPING_WAN_NET : "203.0.113.", link);
        int lan = link + 1;
        ns.ip("link", "add", NftablesNatRouter.LAN, "type", "bridge");
        ns.ip("addr", "add", "10." + lan + ".0.1/24", "dev", NftablesNatRouter.LAN);
        ns.ip("link", "set", NftablesNatRouter.LAN, "up");
        ns.sysctl("net.ipv4.ip_forward", "1");
        if (kind.ipv6()) {
            routeLan6(ns, link, lan);
        }
        ns.nft(kind.ruleset(NftablesNatRouter.WAN));
        LabMiniupnpd daemon = null;
        if (kind.portMapping()) {
            try {
                daemon = own(LabMiniupnpd.start(ns, parse("10." + lan + ".0.0"), router));
            } catch (java.io.IOException e) {
                throw new LabException("cannot start miniupnpd in " + name + ": " + e.getMessage(), e);
            }
        }
        return new NftablesNatRouter(this, name, ns, kind, wan, lan, daemon);
    }

    LabHost addLanHost(NftablesNatRouter nat, String name, int index) {
        Netns ns = namespace(name);
        String bridgePort = "p" + index;
        veth(ns, LabHost.INTERFACE, nat.netns(), bridgePort);
        nat.netns().ip("link", "set", bridgePort, "master", NftablesNatRouter.LAN, "up");
        String address = "10." + nat.lanNumber() + ".0." + (10 + index);
        ns.ip("addr", "add", address + "/24", "dev", LabHost.INTERFACE);
        ns.ip("link", "set", LabHost.INTERFACE, "up");
        ns.ip("route", "add", "default", "via", "10." + nat.lanNumber() + ".0.1");
        InetAddress address6 = null;
        if (nat.kind().ipv6()) {
            String lan6 = LAN_NET6 + nat.lanNumber() + "::";
            address6 = parse(lan6 + Integer.toHexString(0x10 + index));
            ns.ip("-6", "addr", "add", address6.getHostAddress() + "/64", "dev", LabHost.INTERFACE, "nodad");
            ns.ip("-6", "route", "add", "default", "via", lan6 + "1");
        }
        return new LabHost(name, ns, parse(address), address6, nat);
    }

    /**
     * Drops {@code percent}% of the UDP datagrams the internet router forwards, at random (an
     * nftables numgen rule on the forward hook: there is no netem here, and a rule on an output
     * hook would make sendto fail instead of losing the datagram).
     */
    public void loss(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss must be 0-100 %, got " + percent);
        }
        internet.nft("table inet ptpmesh_loss {\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority 0; policy accept;\n"
                + "    meta l4proto udp numgen random mod 100 < " + percent + " drop\n"
                + "  }\n"
                + "}\n");
    }

    /** Closes {@code resource} (a runtime, a capture) when the lab closes, before its namespaces go. */
    public <T extends AutoCloseable> T own(T resource) {
        synchronized (owned) {
            owned.push(resource);
        }
        return resource;
    }

    /** The lab's identity files and the introducers' keys its peers pin. */
    LabKeys keys() {
        return keys;
    }

    public Netns internet() {
        return internet;
    }

    /** The prefix of every namespace name of this lab. */
    public String run() {
        return run;
    }

    /** Closes what runs in the lab (last started first), then deletes its namespaces. */
    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        synchronized (owned) {
            while (!owned.isEmpty()) {
                try {
                    owned.pop().close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        }
        deleteNamespaces();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: it deletes the namespaces itself
        }
        if (!failures.isEmpty()) {
            LabException e = new LabException("lab " + run + " torn down, but closing what ran in it failed: " + failures.get(0));
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private synchronized void deleteNamespaces() {
        if (closed) {
            return;
        }
        closed = true;
        for (Netns ns : namespaces) {
            try {
                Commands.run("ip", "netns", "delete", ns.name());
            } catch (LabException e) {
                // already gone; LabCleanup reports anything that really stays
            }
        }
    }

    private synchronized Netns namespace(String name) {
        if (closed) {
            throw new LabException("lab " + run + " is closed");
        }
        if (!name.matches("[a-z0-9]{1,12}")) {
            throw new IllegalArgumentException("lab box names are 1-12 lower-case letters or digits, got '" + name + "'");
        }
        Netns ns = new Netns(run + name);
        Commands.run("ip", "netns", "add", ns.name());
        namespaces.add(ns);
        return ns;
    }

    /** Links {@code ns} to the internet router on /30 number {@code link} of {@code net} (x.y.z.); returns the box's address. */
    private InetAddress linkToInternet(Netns ns, String ifname, String net, int link) {
        String routerSide = (net.startsWith("198") ? "p" : "n") + link;
        veth(ns, ifname, internet, routerSide);
        String router = net + (4 * link + 1);
        String box = net + (4 * link + 2);
        internet.ip("addr", "add", router + "/30", "dev", routerSide);
        internet.ip("link", "set", routerSide, "up");
        ns.ip("link", "set", "lo", "up");
        ns.ip("addr", "add", box + "/30", "dev", ifname);
        ns.ip("link", "set", ifname, "up");
        ns.ip("route", "add", "default", "via", router);
        return parse(box);
    }

    /**
     * Gives {@code ns}'s link to the internet router (made by {@link #linkToInternet}) IPv6 as
     * well: /64 number {@code link} of {@code net}, the router at ::1, the box at ::2. Addresses
     * are {@code nodad} so they are usable at once (duplicate detection would hold them a second
     * or more, and nothing else on a lab link could hold them).
     */
    private InetAddress linkToInternet6(Netns ns, String ifname, String net, int link) {
        String routerSide = (net.equals(PUBLIC_NET6) ? "p" : "n") + link;
        String prefix = net + link + "::";
        internet.ip("-6", "addr", "add", prefix + "1/64", "dev", routerSide, "nodad");
        ns.ip("-6", "addr", "add", prefix + "2/64", "dev", ifname, "nodad");
        ns.ip("-6", "route", "add", "default", "via", prefix + "1");
        return parse(prefix + "2");
    }

    /**
     * Routes a box's IPv6 LAN (number {@code lan}) through its WAN link {@code link}: the box
     * forwards IPv6 and holds ::1 on its bridge, and the internet router sends the LAN's /64 to
     * the box, so LAN hosts have global addresses, as behind an IPv6 home router.
     */
    private void routeLan6(Netns ns, int link, int lan) {
        linkToInternet6(ns, NftablesNatRouter.WAN, WAN_NET6, link);
        ns.sysctl("net.ipv6.conf.all.forwarding", "1");
        ns.ip("-6", "addr", "add", LAN_NET6 + lan + "::1/64", "dev", NftablesNatRouter.LAN, "nodad");
        internet.ip("-6", "route", "add", LAN_NET6 + lan + "::/64", "via", WAN_NET6 + link + "::2");
    }

    /** A veth pair made straight between two namespaces: nothing is ever left in the host's own namespace. */
    private static void veth(Netns a, String nameInA, Netns b, String nameInB) {
        Commands.run("ip", "link", "add", nameInA, "netns", a.name(), "type", "veth", "peer", "name", nameInB, "netns", b.name());
    }

    private static int nextLink(int n, String what) {
        if (n >= MAX_LINKS) {
            throw new LabException("a lab holds at most " + MAX_LINKS + " " + what);
        }
        return n;
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IP literal always parses: " + literal, e);
        }
    }
}
