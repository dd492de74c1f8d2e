package org.ptpmesh.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.TraceSink;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;

/**
 * Tells of refused datagrams one trace step each ({@code Drop}: reason and source), at most
 * {@code perSecond} in any second, so that a flood cannot fill a log: the rest of that second
 * are only counted, and one {@code DropsUnlogged} step gives their number by reason once the
 * second is over. A drop is noted where it happens ({@link #dropped}), even where the node has
 * no effects to trace to (a rate limit asked by another role), and written at the node's next
 * {@link #flush}.
 *
 * <p>Keeps at most {@code perSecond} notes between two flushes; owned by one event loop.
 */
public final class DropLog {

    /** The span one budget of lines covers. */
    public static final long WINDOW_MILLIS = 1_000;

    private record Note(long at, String reason, String kind, String detail, Endpoint from) {
    }

    private final Tracer tracer;
    private final int perSecond;
    private final List<Note> pending = new ArrayList<>();
    /** Counts by reason of the drops not traced one by one; a holder each, so a flood allocates nothing. */
    private final Map<String, long[]> unlogged = new TreeMap<>();
    private long windowStart = Long.MIN_VALUE / 2;
    private int logged;
    private long unloggedSince;
    private long unloggedWindowEnd;

    /** @param perSecond drops traced one by one in any second; 0 traces only the summaries */
    public DropLog(Tracer tracer, int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("perSecond must not be negative, got " + perSecond);
        }
        this.tracer = tracer;
        this.perSecond = perSecond;
    }

    /** Notes one refused datagram: traced at the next flush while this second's budget lasts, else counted. */
    public void dropped(long now, DropReason reason, Endpoint from) {
        dropped(now, reason, null, null, from);
    }

    /**
     * @param kind   the message kind it was read as, or null
     * @param detail what exactly was wrong (the rule broken, say), or null; both constants, so a
     *               flood past the budget builds no string
     */
    public void dropped(long now, DropReason reason, String kind, String detail, Endpoint from) {
        if (now - windowStart >= WINDOW_MILLIS) {
            windowStart = now;
            logged = 0;
        }
        // the pending bound holds even when no flush came for several seconds
        if (logged < perSecond && pending.size() < perSecond) {
            logged++;
            pending.add(new Note(now, reason.label(), kind, detail, from));
            return;
        }
        if (unlogged.isEmpty()) {
            unloggedSince = now;
            unloggedWindowEnd = windowStart + WINDOW_MILLIS;
        }
        long[] n = unlogged.get(reason.label());
        if (n == null) {
            n = new long[1];
            unlogged.put(reason.label(), n);
        }
        n[0]++;
    }

    /** Writes the noted drops, and how many were left out once the second they fell in is over. */
    public void flush(TraceSink out, long now) {
        for (Note n : pending) {
            Tracer.Step step = tracer.step(out, n.at(), DiagnosticEvent.DROP).param("reason", n.reason());
            if (n.kind() != null) {
                step.param("kind", n.kind());
            }
            if (n.detail() != null) {
                step.param("detail", n.detail());
            }
            step.param("from", String.valueOf(n.from())).log();
        }
        pending.clear();
        if (!unlogged.isEmpty() && now >= unloggedWindowEnd) {
            Map<String, Long> byReason = new TreeMap<>();
            unlogged.forEach((reason, n) -> byReason.put(reason, n[0]));
            long total = byReason.values().stream().mapToLong(Long::longValue).sum();
            tracer.step(out, now, DiagnosticEvent.DROPS_UNLOGGED).param("count", total).param("since", unloggedSince)
                    .param("reasons", byReason.toString()).log();
            unlogged.clear();
        }
    }
}
