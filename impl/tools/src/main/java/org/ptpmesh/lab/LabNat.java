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
    HARD("masquerade random,fully-random", NatType.HARD);

    private final String masquerade;
    private final NatType expected;

    LabNat(String masquerade, NatType expected) {
        this.masquerade = masquerade;
        this.expected = expected;
    }

    /** The nftables ruleset of a NAT namespace whose internet side is {@code wan}; none for STATIC. */
    String ruleset(String wan) {
        return "table ip ptpmesh_nat {\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority 100; policy accept;\n"
                + "    oifname \"" + wan + "\" " + masquerade + "\n"
                + "  }\n"
                + "}\n";
    }

    public NatType expectedType() {
        return expected;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LabNat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown lab NAT kind '" + text + "'; one of: "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
