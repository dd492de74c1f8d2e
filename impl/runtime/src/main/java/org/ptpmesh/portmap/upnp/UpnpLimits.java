package org.ptpmesh.portmap.upnp;

import org.ptpmesh.portmap.PortMapDefaults;

/**
 * Every bound on what the UPnP IGD client spends on what others send it. SSDP answers come from
 * anyone on the LAN and the gateway's HTTP server may be hostile or broken: nothing it says
 * makes the client read, wait or keep more than this.
 */
public final class UpnpLimits {

    /** Where SSDP searches go (UPnP Device Architecture 1.1, section 1.3.2). */
    public static final String SSDP_GROUP = "239.255.255.250";
    public static final int SSDP_PORT = 1900;
    /** MX: how long a device may wait before it answers a search, in seconds (1 is the least allowed). */
    public static final int SSDP_MX_SECONDS = 1;
    /** How long answers to a search are waited for: MX, plus the way back. */
    public static final long SSDP_WAIT_MILLIS = 2_000;
    /** SSDP datagrams read per search before it ends: a flood on the LAN ends it, it does not hold it. */
    public static final int MAX_SSDP_ANSWERS = 64;
    /** The largest SSDP answer read; a longer one is cut and fails to parse. */
    public static final int MAX_SSDP_BYTES = 2_048;
    /** Header lines read from one SSDP answer. */
    public static final int MAX_SSDP_HEADERS = 32;
    /** The largest device description read (routers' are 2 to 20 KiB). */
    public static final int MAX_DESCRIPTION_BYTES = 64 * 1024;
    /** The largest SOAP answer read (a few hundred bytes in practice). */
    public static final int MAX_SOAP_BYTES = 16 * 1024;
    /** The wait for a TCP connection, and then for each whole HTTP answer. */
    public static final long HTTP_TIMEOUT_MILLIS = 3_000;
    /** The lease asked for: as long as PCP's and NAT-PMP's lifetime, renewed at half. */
    public static final long LEASE_SECONDS = PortMapDefaults.REQUESTED_LIFETIME_SECONDS;
    /** External ports tried when the one asked for is taken (error 718): ours, then the next ones. */
    public static final int EXTERNAL_PORT_TRIES = 4;
    /**
     * One mapping's attempt, from the search on: no further external port is tried past it (each
     * try is an HTTP call of up to {@link #HTTP_TIMEOUT_MILLIS}, two for a lease-0 router), so a
     * router slow to refuse ends the attempt within this plus one call. PortMapDefaults.UPNP_WAIT_MILLIS,
     * the node's wait for the outcome, is longer.
     */
    public static final long OBTAIN_BUDGET_MILLIS = 8_000;
    /** After a renewal failed, the next try: until the lease runs out, then the mapping is lost. */
    public static final long RENEW_RETRY_MILLIS = 10_000;
    /** Ports one driver keeps mappings for (a node maps one: its peer port). */
    public static final int MAX_PORTS = 4;

    public static final String HELP = "UPnP IGD when neither answers: SSDP search (" + SSDP_WAIT_MILLIS
            + " ms) for the gateway's WANIPConnection or WANPPPConnection, SOAP over HTTP (" + HTTP_TIMEOUT_MILLIS
            + " ms timeouts), ports tried for at most " + OBTAIN_BUDGET_MILLIS + " ms and given up after "
            + PortMapDefaults.UPNP_WAIT_MILLIS + " ms without an outcome, a lease of " + LEASE_SECONDS
            + " s renewed at half, deleted at exit.";

    private UpnpLimits() {
    }
}
