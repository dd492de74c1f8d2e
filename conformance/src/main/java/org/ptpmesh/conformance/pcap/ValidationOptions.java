package org.ptpmesh.conformance.pcap;

import java.util.Set;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.rendezvous.ServerDefaults;

/**
 * What counts as ptpmesh traffic in a capture and the bounds of the flow checks.
 *
 * @param ports               UDP ports whose traffic is ptpmesh's (server 23456, the introducer
 * design's
 *                            local and test ports 3456 and 3457)
 * @param followEndpoints     also take traffic to or from an endpoint already seen in ptpmesh
 *                            traffic (clients talk to each other from ephemeral ports)
 * @param keepaliveMinMillis  two KEEPALIVEs on one flow closer than this are a flood
 * @param keepaliveMaxMillis  two KEEPALIVEs on one flow further apart than this let a NAT
 *                            mapping expire (the 30 s UDP timeout measured on common routers)
 * @param maxProbesPerAttempt PUNCH datagrams one sender may send to one host in one attempt
 *                            (BDP_MAX_PACKETS)
 */
public record ValidationOptions(Set<Integer> ports, boolean followEndpoints, long keepaliveMinMillis,
                                long keepaliveMaxMillis, int maxProbesPerAttempt) {

    /** No two KEEPALIVEs on one flow less than 1 s apart: far faster than any sane keepalive, so a flood. */
    public static final long KEEPALIVE_MIN_SECONDS = 1;

    /** KEEP_ALIVE_TIMEOUT plus 1 s of slack: past 30 s, the UDP timeout measured on common routers, the mapping may be gone. */
    public static final long KEEPALIVE_MAX_SECONDS = PeerDefaults.KEEP_ALIVE_TIMEOUT / 1_000 + 1;

    public static final Set<Integer> DEFAULT_PORTS = Set.of(ServerDefaults.PORT, PeerDefaults.LOCAL_PORT, PeerDefaults.TEST_PORT);

    public ValidationOptions {
        ports = Set.copyOf(ports);
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("ports must be 1-65535, got " + p);
            }
        }
        if (keepaliveMinMillis < 0 || keepaliveMaxMillis <= keepaliveMinMillis) {
            throw new IllegalArgumentException("keepalive bounds need 0 <= min < max, got min " + keepaliveMinMillis
                    + " ms, max " + keepaliveMaxMillis + " ms");
        }
        if (maxProbesPerAttempt < 1) {
            throw new IllegalArgumentException("the probe budget must be at least 1, got " + maxProbesPerAttempt);
        }
    }

    /** The introducer design's constants: keepalive every 29 s (1 s slack up to the 30 s NAT timeout), 1000 probes. */
    public static ValidationOptions defaults() {
        return new ValidationOptions(DEFAULT_PORTS, true, KEEPALIVE_MIN_SECONDS * 1_000, KEEPALIVE_MAX_SECONDS * 1_000,
                PeerDefaults.BDP_MAX_PACKETS);
    }

    public ValidationOptions withPorts(Set<Integer> newPorts) {
        return new ValidationOptions(newPorts, followEndpoints, keepaliveMinMillis, keepaliveMaxMillis, maxProbesPerAttempt);
    }
}
