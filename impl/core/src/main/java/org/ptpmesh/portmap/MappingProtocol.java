package org.ptpmesh.portmap;

/** How a mapping was asked for, in the order a peer tries them (docs/peer.md, "Port mapping"). */
public enum MappingProtocol {
    /** Port Control Protocol, RFC 6887: UDP to the gateway's port 5351, version 2. */
    PCP("pcp"),
    /** NAT Port Mapping Protocol, RFC 6886: PCP's predecessor on the same port, version 0. */
    NAT_PMP("nat-pmp"),
    /** UPnP Internet Gateway Device: SSDP discovery and SOAP over HTTP, spoken by the runtime. */
    UPNP("upnp");

    private final String label;

    MappingProtocol(String label) {
        this.label = label;
    }

    /** The name shown in traces, stats and the UI. */
    public String label() {
        return label;
    }
}
