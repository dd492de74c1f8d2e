package org.ptpmesh.lab;

import java.nio.file.Path;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerDefaults;

/**
 * How a {@link PairScenario} is run.
 *
 * @param openers           true: packets that only open a peer's own NAT leave with PeerConfig's
 *                          low TTL and die at the internet router; false: with TTL
 *                          {@link #NO_OPENERS}, so they reach the far NAT like any packet (a naive
 *                          implementation)
 * @param lossPercent       random UDP loss on the internet router, 0-100
 * @param birthdayMaxProbes BDP_MAX_PACKETS: birthday probes before an attempt gives up
 * @param captureDir        where to write captures of every NAT's WAN and LAN side and of every
 *                          public peer, or null for none
 * @param natUdpTimeoutSeconds the NATs' conntrack UDP timeouts, 0 for the kernel's (30 s, 120 s
 *                          once a flow saw replies)
 * @param traceDir          where to write the trace of every peer and introducer, one NDJSON file
 *                          per host as {@code --trace} writes it, or null for none
 * @param legacy            true: the peers run without keys, plain (as ptptest 2014's); false:
 *                          keyed, each with its identity, the introducers' keys pinned, their
 *                          direct paths punched with IK and sealed (docs/protocol.md 6.9)
 */
public record PairOptions(boolean openers, int lossPercent, int birthdayMaxProbes, Path captureDir,
                          int natUdpTimeoutSeconds, Path traceDir, boolean legacy) {

    /** A TTL that crosses the whole lab (three routers): openers then behave like any other packet. */
    public static final int NO_OPENERS = 64;

    public static PairOptions defaults() {
        return new PairOptions(true, 0, PeerDefaults.BDP_MAX_PACKETS, null, 0, null, false);
    }

    public PairOptions withoutOpeners() {
        return new PairOptions(false, lossPercent, birthdayMaxProbes, captureDir, natUdpTimeoutSeconds, traceDir, legacy);
    }

    public PairOptions withLoss(int percent) {
        return new PairOptions(openers, percent, birthdayMaxProbes, captureDir, natUdpTimeoutSeconds, traceDir, legacy);
    }

    public PairOptions withBirthdayMaxProbes(int probes) {
        return new PairOptions(openers, lossPercent, probes, captureDir, natUdpTimeoutSeconds, traceDir, legacy);
    }

    public PairOptions withCaptures(Path dir) {
        return new PairOptions(openers, lossPercent, birthdayMaxProbes, dir, natUdpTimeoutSeconds, traceDir, legacy);
    }

    public PairOptions withNatUdpTimeout(int seconds) {
        return new PairOptions(openers, lossPercent, birthdayMaxProbes, captureDir, seconds, traceDir, legacy);
    }

    public PairOptions withTraces(Path dir) {
        return new PairOptions(openers, lossPercent, birthdayMaxProbes, captureDir, natUdpTimeoutSeconds, dir, legacy);
    }

    /** The same with peers that run without keys: plain, as ptptest 2014's (a test that reads what they send in a capture). */
    public PairOptions withLegacyPeers() {
        return new PairOptions(openers, lossPercent, birthdayMaxProbes, captureDir, natUdpTimeoutSeconds, traceDir, true);
    }

    /** The peer configuration these options give a peer named {@code name}, on IPv4. */
    PeerConfig peerConfig(String name, LabIntroducer a, LabIntroducer b) {
        return peerConfig(name, a, b, false);
    }

    /**
     * The peer configuration these options give a peer named {@code name}, knowing the
     * introducers by their IPv6 addresses if {@code ipv6}: a peer works in its introducers' family.
     */
    PeerConfig peerConfig(String name, LabIntroducer a, LabIntroducer b, boolean ipv6) {
        PeerConfig c = ipv6 ? PeerConfig.defaults(name, a.identity6(), b.identity6())
                : PeerConfig.defaults(name, a.identity(), b.identity());
        if (!openers) {
            c = c.withOpenerTtl(NO_OPENERS);
        }
        return c.withBirthday(c.birthdayPorts(), birthdayMaxProbes);
    }
}
