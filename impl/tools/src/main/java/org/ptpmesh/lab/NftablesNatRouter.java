package org.ptpmesh.lab;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NAT box: a namespace with a WAN link to the internet router ({@link #WAN}) and a LAN bridge
 * ({@link #LAN}) its hosts are plugged into, forwarding between them with the kind's nftables
 * masquerade rule on the WAN side.
 */
public final class NftablesNatRouter {

    public static final String WAN = "wan";
    public static final String LAN = "lan";
    private static final Pattern DROP_COUNTER = Pattern.compile("counter packets (\\d+)");

    private final Lab lab;
    private final String name;
    private final Netns netns;
    private final LabNat kind;
    private final InetAddress wanAddress;
    private final int lanNumber;
    private final List<LabHost> hosts = new ArrayList<>();
    /** Null unless the kind maps ports. */
    private final LabMiniupnpd miniupnpd;

    NftablesNatRouter(Lab lab, String name, Netns netns, LabNat kind, InetAddress wanAddress, int lanNumber,
            LabMiniupnpd miniupnpd) {
        this.lab = lab;
        this.miniupnpd = miniupnpd;
        this.name = name;
        this.netns = netns;
        this.kind = kind;
        this.wanAddress = wanAddress;
        this.lanNumber = lanNumber;
    }

    /** Plugs a new host into this NAT's LAN (10.N.0.10, .11, ...), its default route through the NAT. */
    public LabHost host(String hostName) {
        LabHost host = lab.addLanHost(this, hostName, hosts.size());
        hosts.add(host);
        return host;
    }

    /**
     * Sets this NAT's conntrack UDP timeouts (per namespace): how long a mapping lives without
     * outbound traffic, for unreplied flows and for flows that saw traffic both ways.
     */
    public void udpTimeoutSeconds(int seconds) {
        netns.sysctl("net.netfilter.nf_conntrack_udp_timeout", Integer.toString(seconds));
        netns.sysctl("net.netfilter.nf_conntrack_udp_timeout_stream", Integer.toString(seconds));
    }

    /** This NAT's conntrack entries for UDP, one line each as /proc/net/nf_conntrack shows them. */
    public List<String> udpConntrackEntries() {
        List<String> udp = new ArrayList<>();
        for (String line : netns.exec("", "cat", "/proc/net/nf_conntrack").split("\n")) {
            if (line.contains(" udp ")) {
                udp.add(line.strip());
            }
        }
        return udp;
    }

    /**
     * The port forwards miniupnpd holds now: its {@code prerouting_miniupnpd} rules, one line each
     * ({@code ... udp dport 40000 dnat ip to 10.2.0.10:40000}). Empty without port mapping.
     */
    public List<String> portForwards() {
        if (miniupnpd == null) {
            return List.of();
        }
        List<String> rules = new ArrayList<>();
        for (String line : netns.exec("", "nft", "list", "chain", "inet", LabNat.TABLE, "prerouting_miniupnpd").split("\n")) {
            if (line.contains("dnat")) {
                rules.add(line.strip());
            }
        }
        return rules;
    }

    /**
     * How many IPv6 datagrams from the internet the box's firewall dropped (nothing answered a
     * flow its LAN opened); 0 for a kind without IPv6.
     */
    public long firewallDrops() {
        if (!kind.ipv6()) {
            return 0;
        }
        String chain = netns.exec("", "nft", "list", "chain", "ip6", LabNat.FIREWALL_TABLE, "forward");
        Matcher m = DROP_COUNTER.matcher(chain);
        if (!m.find()) {
            throw new LabException("no drop counter in " + name + "'s firewall: " + chain);
        }
        return Long.parseLong(m.group(1));
    }

    /** The router daemon's log, if the box maps ports. */
    public String portMappingLog() {
        return miniupnpd == null ? "" : miniupnpd.log();
    }

    public String name() {
        return name;
    }

    public Netns netns() {
        return netns;
    }

    public LabNat kind() {
        return kind;
    }

    public InetAddress wanAddress() {
        return wanAddress;
    }

    int lanNumber() {
        return lanNumber;
    }

    public List<LabHost> hosts() {
        return Collections.unmodifiableList(hosts);
    }
}
