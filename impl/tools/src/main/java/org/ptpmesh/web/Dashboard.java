package org.ptpmesh.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.ptpmesh.analytics.AnalyticsStore;
import org.ptpmesh.cli.Nat;
import org.ptpmesh.rendezvous.ServerSnapshot;

/**
 * The data behind the page, as JSON: the server's live state ({@link #live}), what the analytics
 * store holds ({@link #stats}, as {@code ptpserver stats --json}) and one client's RTT and loss
 * over time ({@link #history}). Reads the store through a connection of its own, one request at
 * a time.
 */
public final class Dashboard implements AutoCloseable {

    /** The time ranges a plot covers, and how long each is. */
    public enum Range {
        HOUR(3_600_000L), DAY(86_400_000L), WEEK(7 * 86_400_000L);

        final long millis;

        Range(long millis) {
            this.millis = millis;
        }

        /** @throws IllegalArgumentException for anything but hour, day or week */
        static Range parse(String s) {
            for (Range r : values()) {
                if (r.name().equalsIgnoreCase(s)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("range must be hour, day or week");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AnalyticsStore store;
    private final Supplier<ServerSnapshot> snapshot;
    private final Supplier<Map<String, Long>> drops;
    private final IntSupplier sessions;
    private final ServerMetrics metrics;
    private final LongSupplier clock;

    /** @param sessions sessions the server has open with keyed clients */
    public Dashboard(AnalyticsStore store, Supplier<ServerSnapshot> snapshot, Supplier<Map<String, Long>> drops, IntSupplier sessions,
                     ServerMetrics metrics, LongSupplier clock) {
        this.store = store;
        this.snapshot = snapshot;
        this.drops = drops;
        this.sessions = sessions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A NAT code as the page and the metrics name it; a ptptest 2014 client reports none, a code past 3 is no type ptpmesh knows. */
    static String natName(int code) {
        return code < 0 ? "unreported" : code > 3 ? "other" : Nat.name(code);
    }

    /** What a client's registration said of a UPnP port mapping (its UPNP), or that it said nothing. */
    static String mapped(int upnp) {
        return upnp < 0 ? "not said" : upnp == 0 ? "no" : "yes";
    }

    /** Registered clients now, counters, sessions, drops by reason (the session layer's too) and relay use. */
    public ObjectNode live() {
        ServerSnapshot s = snapshot.get();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("pollMillis", WebDefaults.POLL_MILLIS).put("takenAt", s.takenAt()).put("clients", s.clients()).put("publications", s.publications())
                .put("datagramsIn", s.datagramsIn()).put("datagramsOut", s.datagramsOut()).put("sessions", sessions.getAsInt());
        long[] relay = metrics.relay();
        root.putObject("relay").put("datagrams", relay[0]).put("bytes", relay[1]);
        root.set("drops", MAPPER.valueToTree(drops.get()));
        ArrayNode rows = root.putArray("registered");
        Map<String, long[]> relayed = metrics.relayByClient();
        for (ServerSnapshot.Row r : s.rows()) {
            long[] used = relayed.getOrDefault(r.id(), new long[2]);
            rows.addObject().put("id", r.id()).put("external", r.external()).put("internal", r.internal())
                    .put("nat", natName(r.nat())).put("translated", !r.external().equals(r.internal())).put("mapped", mapped(r.upnp())).put("mappedAt", r.mapped())
                    .put("software", r.audience()).put("keying", r.keying()).put("rttMillis", r.rttMillis()).put("lastSeen", r.lastSeen())
                    .put("relayedDatagrams", used[0]).put("relayedBytes", used[1]);
        }
        return root;
    }

    public synchronized ObjectNode stats() throws SQLException {
        endRead();
        try {
            return StatsJson.of(store);
        } finally {
            endRead();
        }
    }

    /** The RTT and loss matrix of the first {@link WebDefaults#MATRIX_CLIENTS} registered clients. */
    public synchronized ObjectNode matrix() throws SQLException {
        ServerSnapshot s = snapshot.get();
        endRead();
        try {
            return Matrix.of(s, store.latestPairs(), WebDefaults.MATRIX_CLIENTS);
        } finally {
            endRead();
        }
    }

    /** @throws IllegalArgumentException for a malformed client id or range */
    public synchronized ObjectNode history(String client, String range) throws SQLException {
        if (client == null || !client.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("client must be a client id, 32 lowercase hex digits");
        }
        Range r = Range.parse(range == null ? "hour" : range);
        long now = clock.getAsLong();
        long bucket = r.millis / WebDefaults.HISTORY_POINTS;
        ObjectNode root = MAPPER.createObjectNode().put("client", client).put("range", r.name().toLowerCase(java.util.Locale.ROOT))
                .put("from", now - r.millis).put("to", now).put("bucketMillis", bucket);
        ArrayNode points = root.putArray("points");
        endRead();
        try {
            for (AnalyticsStore.HistoryPoint p : store.history(client, now - r.millis, bucket)) {
                ObjectNode o = points.addObject().put("at", p.at());
                // JSON has no NaN: a bucket without an RTT or without probes says null
                if (Double.isNaN(p.rttMillis())) {
                    o.putNull("rttMillis");
                } else {
                    o.put("rttMillis", p.rttMillis());
                }
                if (Double.isNaN(p.lossRatio())) {
                    o.putNull("lossRatio");
                } else {
                    o.put("lossRatio", p.lossRatio());
                }
            }
        } finally {
            endRead();
        }
        return root;
    }

    @Override
    public synchronized void close() throws SQLException {
        store.close();
    }

    /**
     * The store's connection is not auto-commit, so a read stays in the snapshot of the transaction
     * it finds open (one is left open by opening the store): ending it, before and after each read,
     * lets every request see the writer's newest rows.
     */
    private void endRead() throws SQLException {
        store.commit();
    }
}
