package org.ptpmesh.portmap;

/** The port-mapping client's constants, shown in {@code ptpclient --help}. */
public final class PortMapDefaults {

    /** Where PCP and NAT-PMP servers listen on the gateway (RFC 6887 section 19.1, RFC 6886 section 3.1). */
    public static final int GATEWAY_PORT = 5351;
    /** The lifetime asked for: RFC 6886's recommended two hours. */
    public static final long REQUESTED_LIFETIME_SECONDS = 7_200;
    /** The first retransmission wait, doubled after each (RFC 6886 section 3.1's 250 ms). */
    public static final long FIRST_RETRANSMIT_MILLIS = 250;
    /**
     * Requests per protocol before the next is tried: 250 + 500 + 1000 ms. A gateway on the LAN
     * answers in milliseconds; RFC 6886's nine tries (64 s) would hold a peer's start for a minute
     * on the many routers that answer neither protocol.
     */
    public static final int ATTEMPTS_PER_PROTOCOL = 3;
    /**
     * How long the UPnP client's answer is waited for once PCP and NAT-PMP got nothing: then the
     * mapper gives up, and the driver deletes whatever it still gets. The runtime's driver tries
     * no further port after UpnpLimits.OBTAIN_BUDGET_MILLIS (8 s) and so ends within about 11 s;
     * this bounds the wait whatever holds the driver's thread.
     */
    public static final long UPNP_WAIT_MILLIS = 12_000;
    /** A granted lifetime shorter than this is no mapping worth announcing: it is renewed as it goes but not used. */
    public static final long MIN_USEFUL_LIFETIME_SECONDS = 10;

    public static final String HELP = "Port mapping: PCP then NAT-PMP to the default gateway's port " + GATEWAY_PORT
            + ", " + ATTEMPTS_PER_PROTOCOL + " requests each (" + FIRST_RETRANSMIT_MILLIS + " ms, doubling), a lifetime of "
            + REQUESTED_LIFETIME_SECONDS + " s asked for and renewed at half of what is granted.";

    private PortMapDefaults() {
    }
}
