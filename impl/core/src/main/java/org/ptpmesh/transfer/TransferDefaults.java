package org.ptpmesh.transfer;

/**
 * The defaults of both ends of a transfer ({@link TransferConfig#builder}, docs/transfer.md),
 * each with the reason for its value. The unit is in the name.
 */
public final class TransferDefaults {

    /** The largest block a direct datagram holds: fewer datagrams, fewer syscalls. */
    public static final int BLOCK_SIZE = BlockSizes.DIRECT;

    /** 16 blocks in flight at the start: about 20 KB, harmless on any path, and grown from there. */
    public static final int INITIAL_WINDOW = 16;

    /** The window never drops below 4 blocks, so one loss cannot stall a transfer. */
    public static final int MIN_WINDOW = 4;

    /** Nor grows above 8192 blocks (about 10 MB): bounds memory and socket-buffer bursts. */
    public static final int MAX_WINDOW = 8_192;

    /**
     * A receiver gives up after 12 probe timeouts in a row with nothing arriving: with the
     * timeout doubling from its estimate up to 5 s, 25 s to a minute of silence, so a peer that
     * vanishes for a few seconds (a Wi-Fi roam, a suspended laptop) is waited for, and a path
     * that drops everything ends with an error before the sender's idle timeout forgets it.
     */
    public static final int MAX_RETRIES = 12;

    /**
     * A request counts as lost once a block requested this many requests after it has arrived:
     * RFC 9002's kPacketThreshold. Blocks answering one REQUEST leave back to back, so jitter
     * reorders a few of them; three absorbs that, and the time threshold catches the rest.
     */
    public static final int LOSS_PACKET_THRESHOLD = 3;

    /**
     * A block declared lost whose first answer comes after all doubles the packet threshold, up
     * to the largest window: a path that reorders that much leaves finding losses to the time
     * threshold, an eighth of a round trip later. Reordering in blocks grows with the rate: 2 ms
     * of jitter at 400 blocks per millisecond (the simulator, which has no bandwidth limit)
     * reorders 800 requests.
     */
    public static final int MAX_LOSS_PACKET_THRESHOLD = MAX_WINDOW;

    /** Or once 9/8 of the round trip has passed since it was sent while later ones were answered: RFC 9002's kTimeThreshold. */
    public static final int LOSS_TIME_THRESHOLD_EIGHTHS = 9;

    /** The time threshold is at least the clock's granularity, 1 ms (RFC 9002's kGranularity). */
    public static final long LOSS_GRANULARITY_MILLIS = 1;

    /**
     * A receiver gives up when one block was found lost this many times. Loss is found from
     * later answers, not from timeouts, so this bounds a path that loses one block every time
     * (or a sender that answers it with bytes that never match), not random loss: at 30% loss
     * each way a block is lost with 51% odds, and 64 losses in a row happen with odds of
     * 10^-19 per block, where 12 came up in a few blocks of a 24 MiB object.
     */
    public static final int MAX_LOSSES_PER_BLOCK = 64;

    /** RFC 6298's initial RTO of 1 s, before the first RTT sample. */
    public static final long INITIAL_RTO_MILLIS = 1_000;

    /** RTO floor of 30 ms: a LAN's RTT is far below RFC 6298's 1 s minimum, which would stall it. */
    public static final long MIN_RTO_MILLIS = 30;

    /** RTO ceiling of 5 s after back-off, so a recovered path is noticed soon. */
    public static final long MAX_RTO_MILLIS = 5_000;

    /** A sender forgets a transfer nobody asked anything about for 60 s. */
    public static final long IDLE_SECONDS = 60;

    /** The sender checks for idle transfers every second (the model's SenderIdleTick). */
    public static final long IDLE_TICK_MILLIS = 1_000;

    /** A pushing sender offers again, a fetching receiver fetches again, after 1 s of silence. */
    public static final long OFFER_RETRY_MILLIS = 1_000;

    /** No receive socket buffer to keep within (the simulator's case); the runtime sets the real one. */
    public static final int RECEIVE_BUFFER_BLOCKS = Integer.MAX_VALUE;

    /**
     * An object name is at most 200 bytes of UTF-8, so that the receiver's {@code .NAME.journal}
     * beside it still fits the 255 bytes a file name has on Linux file systems.
     */
    public static final int MAX_NAME_BYTES = 200;

    /**
     * A receiver refuses an offer that would leave less than 64 MiB free on its disk, counting
     * what the receptions under way still have to write: the disk stays usable by everything else.
     */
    public static final long FREE_SPACE_MARGIN_BYTES = 64L << 20;

    /**
     * Most blocks one transfer may have (22 GB of 1352-byte blocks). A receiver keeps two bits
     * per block (its own bitmap and its store's), 4 MiB at this bound, and the sender of an object
     * one byte per block of its hash tree; an OFFER is one datagram anyone can send.
     */
    public static final int MAX_BLOCKS_PER_TRANSFER = 1 << 24;

    /**
     * Receptions under way at once, from all senders: each holds a part file, a bitmap, a hash
     * request state and a write buffer (about 300 KB), and a share of the hashing threads.
     */
    public static final int MAX_RECEPTIONS = 16;

    /** Receptions under way at once from one address (one relayed peer): one host cannot take every slot. */
    public static final int MAX_RECEPTIONS_PER_PEER = 4;

    /** Objects served at once (pushed or fetched), to all receivers: each costs a few hundred bytes and its blocks' reads. */
    public static final int MAX_SERVINGS = 64;

    /** Objects served at once to one address (one relayed peer). */
    public static final int MAX_SERVINGS_PER_PEER = 8;

    /**
     * A transfer silent this long (no block arrived, no request came) gives its slot up to a new
     * one when every slot is taken: a stranger's offers that never send a block cannot hold the
     * slots for the minute a receiver takes to give up. A reception given up keeps its blocks.
     */
    public static final long STALLED_MILLIS = 5_000;

    /**
     * A cookie (RETRY) stays valid for one to two of these periods: longer than an OFFER or FETCH
     * takes to come back, short enough that a cookie seen on the path is soon worthless.
     */
    public static final long COOKIE_PERIOD_MILLIS = 60_000;

    /** SHA-256 threads shared by every reception of a process: they hash part files beside the event loop. */
    public static final int HASHING_THREADS = 2;

    private TransferDefaults() {
    }
}
