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
     * Each client is told about the 64 clients around it (0 would list everyone, as ptptest 2014
     * does, at a cost that grows with the square of the clients). 64 entries fit one datagram for
     * a ptptest 2014 client, LAN addresses included, and two pages for a ptpmesh client over IPv4;
     * a join, move or departure then changes 64 lists, however many clients are registered.
     */
    public static final int LIST_LIMIT = 64;

    /**
     * Lists are sent in ticks this far apart, each sending at most the publish budget: a burst of
     * changes never holds the event loop for long, so registrations are answered meanwhile.
     */
    public static final long PUBLISH_TICK_MILLIS = 5;

    /**
     * Datagrams one publish tick may send: 250 every 5 ms is 50,000 a second. A list datagram
     * costs about 13 us of CPU to compose and send, so a tick holds the event loop about 3 ms and
     * publishing takes at most two thirds of a core, leaving the rest to answer registrations.
     * A client's list is never split across ticks.
     */
    public static final int PUBLISH_BUDGET = 250;

    /**
     * Registrations waiting for their source to echo its cookie, and sources that echoed after
     * theirs was forgotten (each table): a flood of forged registrations pushes the oldest out,
     * and at 65,536 an honest one survives a flood of 100,000 a second for over half a second,
     * longer than its round trip.
     */
    public static final int MAX_PENDING = 65_536;

    /**
     * A registered client heard from its own address within the last 10 s (more than ptptest
     * 2014's 7 s registration period) does not move to another address that names it: that is
     * someone else taking over its registration and reports. A client whose NAT gave it a new
     * address moves once the old one has been silent that long.
     */
    public static final long MOVE_AFTER_SECONDS = 10;

    /**
     * A cookie (address validation) is valid for 10 to 20 s after it was sent: far longer than a
     * round trip, short enough that a cookie seen on the way is of little use later.
     */
    public static final long COOKIE_LIFETIME_SECONDS = 10;

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
