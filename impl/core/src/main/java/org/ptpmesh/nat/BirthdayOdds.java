package org.ptpmesh.nat;

/**
 * The birthday paradox of the introducer design in numbers. NATs map a source port of 1024 or above
 * to a public port of 1024 or above (Linux nf_nat keeps that class), so the Hard side's openings
 * land in the {@link #PORT_SPACE} ports from {@link #FIRST_PORT} to 65535, and the Easy side probes
 * only there. With {@code open} of them opened, each random probe hits with probability
 * open/PORT_SPACE, so P(hit within n probes) = 1 - (1 - open/PORT_SPACE)^n and the expected
 * number of probes is PORT_SPACE/open (252 for 256 open ports).
 */
public final class BirthdayOdds {

    public static final int FIRST_PORT = 1024;
    public static final int PORT_SPACE = 65536 - FIRST_PORT;

    private BirthdayOdds() {
    }

    public static double successWithin(int probes, int openPorts) {
        return 1 - Math.pow(1 - (double) openPorts / PORT_SPACE, probes);
    }

    /**
     * The introducer design's figure, 1 - (1 - open/65536)^n, which counts all 65536 ports: a
     * little below {@link #successWithin} (98.0% against 98.1% for 256 ports and 1000 probes).
     */
    public static double successWithinAllPorts(int probes, int openPorts) {
        return 1 - Math.pow(1 - openPorts / 65536.0, probes);
    }

    public static double expectedProbes(int openPorts) {
        return (double) PORT_SPACE / openPorts;
    }
}
