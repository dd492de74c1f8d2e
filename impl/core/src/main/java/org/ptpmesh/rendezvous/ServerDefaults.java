package org.ptpmesh.rendezvous;

/**
 * The rendezvous server's defaults ({@link ServerConfig#builder}), each with the reason for its
 * value: ptptest 2014's timers, and bounds sized for one small host. The unit is in the name.
 */
public final class ServerDefaults {

    /** ptptest 2014's server port, so its clients find a ptpserver where they found its server. */
    public static final int PORT = 23456;

    /** SERVERVER in every reply: ptptest 2014 servers send 2, and its clients expect it. */
    public static final int SERVER_VERSION = 2;

    /** ptptest 2014 publishes the client list every 13 s (and at once on a join or leave). */
    public static final long PUBLISH_EVERY_SECONDS = 13;

    /** ptptest 2014 purges a client after 30 s of silence: four missed registrations at 7 s. */
    public static final long PURGE_AFTER_SECONDS = 30;

    /**
     * At least 1 s between two publications caused by joins and leaves: one join is announced at
     * once, a burst of joins together instead of once per join.
     */
    public static final long ANNOUNCE_GAP_SECONDS = 1;

    /**
     * Departures (SHUTDOWN) published at once within one announce gap, the gap notwithstanding:
     * ptptest 2014 publishes every departure at once, and its clients probe a departed peer until
     * told. A burst beyond this (spoofed registrations leaving one by one) waits for the gap, so
     * that it cannot make the server send a whole publication per departure.
     */
    public static final int DEPARTURES_AT_ONCE = 10;

    /**
     * Refused datagrams logged one by one a second (with --debug); the others of that second are
     * counted in one summary line, so that a flood cannot fill the disk.
     */
    public static final int DROP_LOG_PER_SECOND = 20;

    /** 0: list every client to every client, as ptptest 2014 does. */
    public static final int LIST_LIMIT = 0;

    /** Registry bound, so spoofed registrations cannot exhaust a small host's memory. */
    public static final int MAX_CLIENTS = 200_000;

    /**
     * Datagrams per second one source may send: a client needs about one per registration and one
     * per list page it echoes, so 100 leaves room for large lists and stops a flood.
     */
    public static final int RATE_PER_SECOND = 100;

    /** Datagrams one source may send at once: two seconds' worth, for a client echoing a long list. */
    public static final int RATE_BURST = 200;

    /** Sources the rate limiter remembers; the least recently seen go first, so spoofing cannot grow it. */
    public static final int MAX_TRACKED_SOURCES = 65_536;

    private ServerDefaults() {
    }
}
