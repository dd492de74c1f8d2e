package org.ptpmesh.client;

/**
 * A mesh client's defaults ({@link ClientConfig#builder}), each with the reason for its value:
 * ptptest 2014's timers, and bounds on what a hostile list can cost. The unit is in the name.
 */
public final class ClientDefaults {

    /** NAT code sent in REGISTER until a check says better: 0, unknown. */
    public static final int NAT_UNKNOWN = 0;

    /** ptptest 2014 registers every 7 s: four chances before the server's 30 s purge. */
    public static final long REGISTER_EVERY_SECONDS = 7;

    /** ptptest 2014 probes each listed client every 0.5 s. */
    public static final long PROBE_EVERY_MILLIS = 500;

    /** A probe unanswered for 2 s is lost: well above any sane RTT, well below the registration period. */
    public static final long LOSS_TIMEOUT_SECONDS = 2;

    /** The RTT statistics cover the last 32 samples: 16 s of probes at the default period. */
    public static final int RTT_WINDOW = 32;

    /** Most listed clients probed, so a hostile list cannot make a client flood. */
    public static final int MAX_PEERS = 4_096;

    /**
     * Pages a client list may have: 256 pages hold over 4,096 entries even over IPv6 with LAN
     * addresses (over 20 a page), and cost at most 256 datagrams' worth of memory, however many
     * pages a forger claims (PAGECOUNT goes up to 65,535).
     */
    public static final int MAX_LIST_PAGES = 256;

    /** Most peers reported in META per registration round: a META value holds at most 253 bytes, one peer each. */
    public static final int REPORTS_PER_ROUND = 16;

    /**
     * Without the console UI, ptpclient logs the server's and every peer's RTT and loss every 5 s:
     * ptptest 2014 logs every probe's RTT, ten lines a second per peer; the UI shows a table instead.
     */
    public static final long SUMMARY_EVERY_SECONDS = 5;

    private ClientDefaults() {
    }
}
