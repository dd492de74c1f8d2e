package org.ptpmesh.analytics;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.ptpmesh.metrics.MetricsReport;
import org.ptpmesh.rendezvous.RegisteredClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.wire.MeshMarker;

/**
 * Writes what the server reports into the {@link AnalyticsStore} on a thread of its own, so a
 * slow disk never slows the event loop: events queue (bounded; what does not fit is counted),
 * and the writer stores them in batches, one transaction each, with the drop counters. Once a
 * minute it also prunes the database to its {@link Retention}, so the file stops growing however
 * long the server runs and whatever reaches it.
 */
public final class AnalyticsRecorder implements RendezvousListener, AutoCloseable {

    private interface Write {
        void apply(AnalyticsStore store) throws SQLException;
    }

    /** Events waiting at most; a burst larger than this is counted in {@link #lost()}. */
    static final int QUEUE = 100_000;
    private static final long FLUSH_EVERY_MILLIS = 1_000;
    /** The drop reason under which events lost to a full queue are stored with the server's drops. */
    public static final String EVENTS_LOST = "analytics_events_lost";

    private final AnalyticsStore store;
    private final Retention retention;
    private final LongSupplier clock;
    private long nextPruneAt = Long.MIN_VALUE;
    private final Supplier<Map<String, Long>> drops;
    private final Consumer<Throwable> errors;
    private final BlockingQueue<Write> queue;
    private final AtomicLong lost = new AtomicLong();
    /** Latest time each client was heard from since the last batch (at most one entry per registered client). */
    private final ConcurrentMap<String, Long> heard = new ConcurrentHashMap<>();
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * @param drops  the server's drop counters, stored with every batch (with {@value #EVENTS_LOST}
     *               added when events were lost)
     * @param errors    told of database errors (the recorder keeps going)
     * @param retention what the database keeps; the writer prunes to it once a minute
     */
    public AnalyticsRecorder(AnalyticsStore store, Supplier<Map<String, Long>> drops, Consumer<Throwable> errors,
                             Retention retention) {
        this(store, drops, errors, QUEUE, retention, System::currentTimeMillis);
    }

    /**
     * @param queue events that may wait at most (tests make it small to see what a full queue does)
     * @param clock what "now" is for pruning
     */
    AnalyticsRecorder(AnalyticsStore store, Supplier<Map<String, Long>> drops, Consumer<Throwable> errors, int queue,
                      Retention retention, LongSupplier clock) {
        this.queue = new ArrayBlockingQueue<>(queue);
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.drops = drops;
        this.errors = errors;
        this.writer = new Thread(this::writeLoop, "ptpmesh-analytics");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void joined(RegisteredClient c, long now) {
        String id = c.id().toString();
        String ext = c.external().toString();
        String in = c.internal().toString();
        int nat = c.nat();
        String audience = c.audience().name().toLowerCase(Locale.ROOT);
        int upnp = c.upnp();
        String mapped = mappedOf(c);
        boolean keyed = c.keyed();
        enqueue(s -> {
            s.joined(id, now, ext, in, nat, audience);
            s.portMapping(id, upnp, mapped);
            s.keying(id, keyed);
        });
    }

    @Override
    public void moved(RegisteredClient c, long now) {
        String id = c.id().toString();
        String ext = c.external().toString();
        String in = c.internal().toString();
        int nat = c.nat();
        int upnp = c.upnp();
        String mapped = mappedOf(c);
        boolean keyed = c.keyed();
        enqueue(s -> {
            s.moved(id, now, ext, in, nat);
            s.portMapping(id, upnp, mapped);
            s.keying(id, keyed);
        });
    }

    private static String mappedOf(RegisteredClient c) {
        return c.mapped() == null ? null : c.mapped().toString();
    }

    @Override
    public void left(RegisteredClient c, Departure why, long now) {
        String id = c.id().toString();
        String ext = c.external().toString();
        // a SHUTDOWN is heard from the client itself; a purge is silence since its last datagram
        long lastSeen = why == Departure.SHUTDOWN ? now : c.lastSeen();
        enqueue(s -> s.left(id, now, ext, lastSeen, why.name().toLowerCase(Locale.ROOT)));
    }

    @Override
    public void reported(RegisteredClient c, String metaJson, long now) {
        String id = c.id().toString();
        enqueue(s -> {
            var report = MetricsReport.parse(metaJson);
            if (report.isPresent()) {
                s.report(id, now, report.get());
            } else if (!MeshMarker.isAlone(metaJson)) {
                // a ptpmesh client with no report yet sends the marker alone with every
                // registration: a row each would say nothing the clients table does not
                s.meta(id, now, metaJson);
            }
            s.latestMeta(id, now, metaJson);
        });
    }

    /**
     * Kept in memory and stored with the next batch, one update per client however often it was
     * heard: every registration and every echo of a list calls this, far too often for a write each.
     */
    @Override
    public void heard(RegisteredClient c, long now) {
        heard.merge(c.id().toString(), now, Math::max);
    }

    /** Events that did not fit the queue and were not stored. */
    public long lost() {
        return lost.get();
    }

    private void enqueue(Write w) {
        if (!queue.offer(w)) {
            lost.incrementAndGet();
        }
    }

    private void writeLoop() {
        List<Write> batch = new ArrayList<>();
        while (running) {
            try {
                Write first = queue.poll(FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                }
            } catch (InterruptedException e) {
                running = false;
            }
            writeBatch(batch);
        }
        // closing: what was queued or heard after the last round (running is volatile, so all of
        // it is visible here) is stored too
        do {
            writeBatch(batch);
        } while (!queue.isEmpty());
    }

    /** One batch: the queued events (a bounded number), who was heard, the counters; one transaction. */
    private void writeBatch(List<Write> batch) {
        queue.drainTo(batch, 10_000);
        try {
            for (Write w : batch) {
                w.apply(store);
            }
            storeHeard();
            store.dropsSinceOpen(withLostEvents(drops.get()));
            pruneWhenDue();
            store.commit();
        } catch (SQLException | RuntimeException e) {
            errors.accept(e);
        }
        batch.clear();
    }

    /** After the batch's joins, so that a client heard right after joining has its row already. */
    private void storeHeard() throws SQLException {
        for (String id : List.copyOf(heard.keySet())) {
            Long at = heard.remove(id);
            if (at != null) {
                store.heard(id, at);
            }
        }
    }

    private void pruneWhenDue() throws SQLException {
        long now = clock.getAsLong();
        if (now >= nextPruneAt) {
            nextPruneAt = now + AnalyticsDefaults.PRUNE_EVERY_SECONDS * 1_000;
            store.prune(retention, now);
        }
    }

    private Map<String, Long> withLostEvents(Map<String, Long> counters) {
        long n = lost.get();
        if (n == 0) {
            return counters;
        }
        Map<String, Long> all = new TreeMap<>(counters);
        all.put(EVENTS_LOST, n);
        return all;
    }

    /** Stores everything queued, then closes the store. */
    @Override
    public void close() throws SQLException, InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(10_000);
        store.close();
    }
}
