package org.ptpmesh.lab;

import java.util.Optional;

/**
 * Whether this machine can run the lab: it needs root (network namespaces, nftables), iproute2
 * and nftables, and a kernel that lets it make a namespace. Tests skip with the reason instead
 * of failing where it cannot.
 */
public final class LabSupport {

    private static volatile Optional<String> cached;

    private LabSupport() {
    }

    /** Empty when the lab can run here, else what is missing and how to get it. */
    public static Optional<String> unavailableReason() {
        Optional<String> r = cached;
        if (r == null) {
            r = probe();
            cached = r;
        }
        return r;
    }

    private static Optional<String> probe() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return Optional.of("the NAT lab needs Linux network namespaces; this is " + System.getProperty("os.name"));
        }
        try {
            Commands.run("ip", "-V");
            Commands.run("nft", "--version");
        } catch (LabException e) {
            return Optional.of("the NAT lab needs iproute2 and nftables: " + e.getMessage());
        }
        String probe = Lab.PREFIX + ProcessHandle.current().pid() + "-probe";
        try {
            Commands.run("ip", "netns", "add", probe);
            new Netns(probe).nft("table ip ptpmesh_probe { }\n");
            new Netns(probe).call(() -> null);
        } catch (LabException e) {
            return Optional.of("the NAT lab cannot make a network namespace with an nftables table here (run as root): "
                    + e.getMessage());
        } finally {
            try {
                Commands.run("ip", "netns", "delete", probe);
            } catch (LabException e) {
                // it was never made
            }
        }
        return Optional.empty();
    }
}
