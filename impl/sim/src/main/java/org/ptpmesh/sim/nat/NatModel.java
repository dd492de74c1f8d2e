package org.ptpmesh.sim.nat;

/**
 * How one simulated NAT router translates and filters, in the terms of RFC 4787, plus the two
 * behaviours real routers add: hairpinning and the Linux conntrack side effect (see
 * docs/simulator.md, "Conntrack"). Immutable; the {@code with...} methods return a copy.
 *
 * @param mapping              which outbound flows share a public port
 * @param filtering            which inbound packets a mapping lets in
 * @param portAssignment       which public port a new mapping gets
 * @param hairpinning          whether a LAN host can reach another LAN host through the public address
 * @param mappingTimeoutMillis how long a mapping lives after its last outbound packet
 * @param linuxConntrack       whether an unsolicited inbound packet leaves a conntrack entry that
 *                             keeps its tuple from being used by a later outbound flow
 * @param portMapService       whether the router answers PCP and NAT-PMP on its LAN address, and how
 */
public record NatModel(Mapping mapping, Filtering filtering, PortAssignment portAssignment,
                       boolean hairpinning, long mappingTimeoutMillis, boolean linuxConntrack,
                       PortMapService portMapService) {

    /** Measured UDP timeouts of real routers are 29-30 s (docs/simulator.md, "NAT models"). */
    public static final long DEFAULT_MAPPING_TIMEOUT_MILLIS = 30_000;

    public enum Mapping {
        /** One public port per inside endpoint, whatever the destination. */
        ENDPOINT_INDEPENDENT,
        /** A new public port for every destination address and port. */
        ENDPOINT_DEPENDENT,
        /** Each inside address owns one public address; ports are never rewritten. */
        ONE_TO_ONE,
        /**
         * No translation at all: the inside addresses are public and only filtered, as by the
         * stateful firewall of an IPv6 home router ({@link #statefulFirewall()}).
         */
        NONE
    }

    public enum Filtering {
        /** Anyone may send to a live mapping. */
        ENDPOINT_INDEPENDENT,
        /** Only addresses the inside endpoint has sent to. */
        ADDRESS_DEPENDENT,
        /** Only the exact address and port the inside endpoint has sent to. */
        ADDRESS_AND_PORT_DEPENDENT
    }

    public enum PortAssignment {
        /** Keep the inside port when it is free, as Linux {@code masquerade} does. */
        PRESERVE,
        /** Any free port, as Linux {@code masquerade random,fully-random} does. */
        RANDOM
    }

    /** What the router does with PCP and NAT-PMP requests to its port 5351 (docs/simulator.md, "Port mapping"). */
    public enum PortMapService {
        /** No such service: requests are dropped unanswered, as by most routers with it switched off. */
        NONE,
        /** Grants every request it can: a forwarded port, renewed and deleted on request, expiring unless renewed. */
        GRANTS,
        /** Answers every mapping request with a refusal: PCP NOT_AUTHORIZED, NAT-PMP "Not Authorized/Refused". */
        REFUSES
    }

    public NatModel {
        if (mapping == null || filtering == null || portAssignment == null || portMapService == null) {
            throw new IllegalArgumentException("mapping, filtering, portAssignment and portMapService are required");
        }
        if (portMapService != PortMapService.NONE && (mapping == Mapping.ONE_TO_ONE || mapping == Mapping.NONE)) {
            throw new IllegalArgumentException("a " + mapping + " router forwards every port already: no port-mapping service");
        }
        if (mappingTimeoutMillis <= 0) {
            throw new IllegalArgumentException("mapping timeout must be positive: " + mappingTimeoutMillis);
        }
    }

    /** Endpoint-independent mapping and filtering: once mapped, anyone gets in. */
    public static NatModel fullCone() {
        return of(Mapping.ENDPOINT_INDEPENDENT, Filtering.ENDPOINT_INDEPENDENT, PortAssignment.PRESERVE);
    }

    /** Endpoint-independent mapping; only addresses the host has sent to get in. */
    public static NatModel addressRestrictedCone() {
        return of(Mapping.ENDPOINT_INDEPENDENT, Filtering.ADDRESS_DEPENDENT, PortAssignment.PRESERVE);
    }

    /**
     * The protocol's "Easy" NAT (a port-restricted cone): endpoint-independent mapping,
     * address-and-port-dependent filtering, the inside port kept when free.
     */
    public static NatModel easy() {
        return of(Mapping.ENDPOINT_INDEPENDENT, Filtering.ADDRESS_AND_PORT_DEPENDENT, PortAssignment.PRESERVE);
    }

    /** The protocol's "Hard" NAT (symmetric): a random public port for every destination. */
    public static NatModel hard() {
        return of(Mapping.ENDPOINT_DEPENDENT, Filtering.ADDRESS_AND_PORT_DEPENDENT, PortAssignment.RANDOM);
    }

    /** A static public address per inside host, ports kept, nothing filtered. */
    public static NatModel oneToOne() {
        return of(Mapping.ONE_TO_ONE, Filtering.ENDPOINT_INDEPENDENT, PortAssignment.PRESERVE);
    }

    /**
     * The stateful firewall that stands in for a NAT on IPv6 home networks (nftables {@code ct
     * state established,related accept; drop}): addresses and ports are not translated, and only
     * the exact remote address and port an inside endpoint has sent to may answer it. The
     * simulator's addresses are IPv4, but nothing here depends on the family.
     */
    public static NatModel statefulFirewall() {
        return of(Mapping.NONE, Filtering.ADDRESS_AND_PORT_DEPENDENT, PortAssignment.PRESERVE);
    }

    /** What nftables {@code masquerade} on Linux does, as measured in the lab (docs/simulator.md, "Conntrack"). */
    public static NatModel linuxMasquerade() {
        return easy().withLinuxConntrack(true);
    }

    /** What nftables {@code masquerade random,fully-random} on Linux does. */
    public static NatModel linuxMasqueradeFullyRandom() {
        return hard().withLinuxConntrack(true);
    }

    private static NatModel of(Mapping mapping, Filtering filtering, PortAssignment ports) {
        // routers rarely hairpin (docs/simulator.md, "NAT models"), so a model has to ask for it
        return new NatModel(mapping, filtering, ports, false, DEFAULT_MAPPING_TIMEOUT_MILLIS, false, PortMapService.NONE);
    }

    public NatModel withHairpinning(boolean on) {
        return new NatModel(mapping, filtering, portAssignment, on, mappingTimeoutMillis, linuxConntrack, portMapService);
    }

    public NatModel withMappingTimeoutMillis(long millis) {
        return new NatModel(mapping, filtering, portAssignment, hairpinning, millis, linuxConntrack, portMapService);
    }

    public NatModel withLinuxConntrack(boolean on) {
        return new NatModel(mapping, filtering, portAssignment, hairpinning, mappingTimeoutMillis, on, portMapService);
    }

    /** The same NAT with a port-mapping service on its LAN address (PCP and NAT-PMP, port 5351). */
    public NatModel withPortMapService(PortMapService service) {
        return new NatModel(mapping, filtering, portAssignment, hairpinning, mappingTimeoutMillis, linuxConntrack, service);
    }
}
