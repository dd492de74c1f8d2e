package org.ptpmesh.web;

/** Limits of ptpserver's HTTP dashboard and metrics endpoint ({@code --http}); each is shown in --help. */
public final class WebDefaults {

    /** Threads answering requests: a dashboard or two and a Prometheus scraper need few. */
    public static final int HANDLER_THREADS = 4;

    /** Requests handled or waiting for a handler thread at once; past this a request is answered 503 at once, by a thread of its own, so a flood waits for nothing. */
    public static final int MAX_IN_FLIGHT = 32;

    /**
     * Connections waiting for the one thread that answers 503. That thread reads a request's head
     * first, so a flood of slow connections past {@link #MAX_IN_FLIGHT} would queue behind it
     * without end; past this many the connection is closed without an answer.
     */
    public static final int MAX_WAITING_REFUSALS = 64;

    /** Characters of a request's target (path and query); every endpoint needs far fewer. Longer: 414. */
    public static final int MAX_REQUEST_TARGET_CHARS = 1024;

    /** Bytes of a request body: none, every endpoint is read-only (GET or HEAD; a body is refused with 413). */
    public static final int MAX_REQUEST_BODY_BYTES = 0;

    /** Points of one client's RTT and loss history sent at most; the time range is cut into this many buckets. */
    public static final int HISTORY_POINTS = 120;

    /** Clients the page's RTT and loss matrix shows at most (the first registered): a larger one is unreadable. */
    public static final int MATRIX_CLIENTS = 32;

    /** Clients whose relay use is kept, those that relayed last: a count for every client that ever relayed would grow with churn. */
    public static final int RELAY_CLIENTS = 10_000;

    /**
     * Seconds a client may take to send its request, and to read the answer: past them the
     * connection is closed, so a client that sends or reads slowly holds a handler thread that
     * long at most (all of them, the page would wait; the server's UDP never does).
     */
    public static final int REQUEST_SECONDS = 10;

    /** How often the page asks for fresh data, in milliseconds. */
    public static final int POLL_MILLIS = 2_000;

    /** The limits as --help shows them (a constant: picocli wants one in an annotation). */
    public static final String HELP = "Limits: " + HANDLER_THREADS + " handler threads, " + MAX_IN_FLIGHT
            + " requests in flight (more: 503, and past " + MAX_WAITING_REFUSALS + " waiting for it the connection is closed), " + REQUEST_SECONDS + " s to send a request or read an answer, request target " + MAX_REQUEST_TARGET_CHARS + " characters (414), no request body (413), GET and HEAD only (405),"
            + " " + HISTORY_POINTS + " points per plot, " + MATRIX_CLIENTS + " clients in the matrix, relay use of the last " + RELAY_CLIENTS
            + " clients that relayed; the page polls every "
            + POLL_MILLIS + " ms.";

    private WebDefaults() {
    }
}
