package org.ptpmesh.lab;

import java.util.Arrays;
import java.util.Locale;
import org.ptpmesh.nat.NatType;

/**
 * The kinds of box a lab peer can sit behind (docs/simulator.md, "Conntrack"), each with the nftables rule
 * that makes it and the NAT type classification must find behind it.
 */
public enum LabNat {
    /** No NAT: the peer's namespace is linked straight to the internet router. */
    STATIC(null, NatType.STATIC),
    /** Linux {@code masquerade}: keeps the source port when it can, filters by address and port (port-restricted cone). */
    EASY("masquerade", NatType.EASY),
    /** Linux {@code masquerade random,fully-random}: a random public port per destination (symmetric). */
    HARD("masquerade random,fully-random", false, NatType.HARD),
    /** EASY with miniupnpd on its LAN side (PCP and NAT-PMP): a peer that maps its port is Static. */
    EASY_MAP("masquerade", true, NatType.STATIC),
    /** HARD with miniupnpd on its LAN side: a mapped port spares the birthday probes. */
    HARD_MAP("masquerade random,fully-random", true, NatType.STATIC),
    /**
     * An IPv6 home router: its hosts have global IPv6 addresses, and its stateful firewall lets in
     * only what answers a flow they opened (nothing is translated, so the introducers see the
     * host's own port from both: Easy). IPv4 does not pass it at all.
     */
    FW6(null, false, true, NatType.EASY),
    /** Dual stack: EASY's masquerade for IPv4 and FW6's firewall for IPv6, on one router. */
    DUAL("masquerade", false, true, NatType.EASY);

    /** The nftables table of a NAT box; miniupnpd is told to write its chains into it. */
    static final String TABLE = "ptpmesh_nat";
    /** The nftables table of an IPv6 firewall. */
    static final String FIREWALL_TABLE = "ptpmesh_fw6";

    private final String masquerade;
    private final boolean portMapping;
    private final boolean ipv6;
    private final NatType expected;

    LabNat(String masquerade, NatType expected) {
        this(masquerade, false, expected);
    }

    LabNat(String masquerade, boolean portMapping, NatType expected) {
        this(masquerade, portMapping, false, expected);
    }

    LabNat(String masquerade, boolean portMapping, boolean ipv6, NatType expected) {
        this.masquerade = masquerade;
        this.portMapping = portMapping;
        this.ipv6 = ipv6;
        this.expected = expected;
    }

    /**
     * The nftables ruleset of a NAT namespace whose internet side is {@code wan}; none for STATIC.
     * A box with port mapping has the chains miniupnpd fills (its nft_init.sh layout): a forward
     * filter that jumps to {@code miniupnpd}, and nat hooks that jump to its pre- and postrouting
     * chains before the masquerade. A box with IPv6 adds the firewall of an IPv6 home router.
     */
    String ruleset(String wan) {
        if (ipv6) {
            return (masquerade == null ? NO_IPV4 : masquerade(wan)) + firewall6(wan);
        }
        if (!portMapping) {
            return masquerade(wan);
        }
        return "table inet " + TABLE + " {\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority 0; policy accept;\n"
                + "    jump miniupnpd\n"
                + "  }\n"
                + "  chain miniupnpd {\n"
                + "  }\n"
                + "  chain prerouting {\n"
                + "    type nat hook prerouting priority -100; policy accept;\n"
                + "    jump prerouting_miniupnpd\n"
                + "  }\n"
                + "  chain prerouting_miniupnpd {\n"
                + "  }\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority 100; policy accept;\n"
                + "    jump postrouting_miniupnpd\n"
                + "    oifname \"" + wan + "\" " + masquerade + "\n"
                + "  }\n"
                + "  chain postrouting_miniupnpd {\n"
                + "  }\n"
                + "}\n";
    }

    private String masquerade(String wan) {
        return "table ip " + TABLE + " {\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority 100; policy accept;\n"
                + "    oifname \"" + wan + "\" " + masquerade + "\n"
                + "  }\n"
                + "}\n";
    }

    /** An IPv6-only router forwards no IPv4, so a peer behind it cannot reach anyone on IPv4. */
    private static final String NO_IPV4 = "table ip " + TABLE + " {\n"
            + "  chain forward {\n"
            + "    type filter hook forward priority 0; policy drop;\n"
            + "  }\n"
            + "}\n";

    /**
     * The stateful firewall of an IPv6 home router: from the internet only what conntrack ties to a
     * flow the LAN opened (established, or related such as an ICMPv6 error about it); the rest is
     * dropped and counted ({@link NftablesNatRouter#firewallDrops}).
     */
    private static String firewall6(String wan) {
        return "table ip6 " + FIREWALL_TABLE + " {\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority 0; policy accept;\n"
                + "    iifname \"" + wan + "\" ct state established,related accept\n"
                + "    iifname \"" + wan + "\" counter drop\n"
                + "  }\n"
                + "}\n";
    }

    /** Whether the box routes IPv6 to its hosts (global addresses behind a stateful firewall). */
    public boolean ipv6() {
        return ipv6;
    }

    /** Whether the box runs miniupnpd, so its hosts can map a port. */
    public boolean portMapping() {
        return portMapping;
    }

    public NatType expectedType() {
        return expected;
    }

    /** easy, hard, static, easy+map, hard+map, fw6, dual. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace("_map", "+map");
    }

    public static LabNat parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.label().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lab NAT kind '" + text + "'; one of: "
                        + String.join(", ", Arrays.stream(values()).map(LabNat::label).toList())));
    }
}
