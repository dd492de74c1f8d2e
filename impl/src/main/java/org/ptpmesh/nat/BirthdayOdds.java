package org.ptpmesh.nat;

/**
 * The birthday paradox of seed 001 in numbers: with {@code open} ports opened by the Hard side
 * out of 65536, each random probe hits one with probability open/65536, so
 * P(hit within n probes) = 1 - (1 - open/65536)^n and the expected number of probes is
 * 65536/open (256 for 256 open ports).
 */
public final class BirthdayOdds {

    public static final int PORT_SPACE = 65536;

    private BirthdayOdds() {
    }

    public static double successWithin(int probes, int openPorts) {
        return 1 - Math.pow(1 - (double) openPorts / PORT_SPACE, probes);
    }

    public static double expectedProbes(int openPorts) {
        return (double) PORT_SPACE / openPorts;
    }
}
