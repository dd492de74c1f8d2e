package org.ptpmesh.analytics;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ptpmesh.metrics.MetricsReport;
import org.ptpmesh.metrics.MetricsSnapshot;

/**
 * The server's analytics in one SQLite file (schema in docs/analytics.md): clients ever seen
 * (when each was last heard from, its latest META), joins and departures, every peer report
 * clients sent in META, other META values, what each said of a port mapping, and drop counters that add up across restarts. Not thread-safe: one writer (the
 * {@link AnalyticsRecorder}'s thread) or one reader ({@code ptpserver stats}) at a time.
 */
public final class AnalyticsStore implements AutoCloseable {

    /**
     * Bumped whenever the schema changes; {@link #open} refuses a file of a newer version and
     * brings an older one up to date. 2 added the clients' latest META, 3 their port mapping, 4
     * whether they are keyed.
     */
    public static final int SCHEMA_VERSION = 4;

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS clients (id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL,"
            + " last_seen INTEGER NOT NULL, external TEXT NOT NULL, internal TEXT NOT NULL, nat INTEGER NOT NULL,"
            + " audience TEXT NOT NULL, joins INTEGER NOT NULL DEFAULT 0, departures INTEGER NOT NULL DEFAULT 0,"
            + " last_departure TEXT, last_meta TEXT, last_meta_at INTEGER, upnp INTEGER NOT NULL DEFAULT -1,"
            + " mapped TEXT, keyed INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE IF NOT EXISTS events (at INTEGER NOT NULL, kind TEXT NOT NULL, client TEXT NOT NULL,"
            + " address TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS peer_reports (at INTEGER NOT NULL, reporter TEXT NOT NULL, peer TEXT NOT NULL,"
            + " peer_id TEXT, sent INTEGER NOT NULL, received INTEGER NOT NULL, acked INTEGER NOT NULL,"
            + " lost INTEGER NOT NULL, rtt_last INTEGER NOT NULL, rtt_mean REAL NOT NULL, rtt_min INTEGER NOT NULL,"
            + " rtt_max INTEGER NOT NULL, jitter REAL NOT NULL)",
        "CREATE INDEX IF NOT EXISTS peer_reports_pair ON peer_reports (reporter, peer, at)",
        "CREATE TABLE IF NOT EXISTS client_meta (at INTEGER NOT NULL, client TEXT NOT NULL, json TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS drops (reason TEXT PRIMARY KEY, count INTEGER NOT NULL)",
    };

    /**
     * Columns added to {@code clients} after schema 1, with their type: a file written before
     * gains each one it lacks (CREATE TABLE IF NOT EXISTS leaves its table as it was).
     */
    private static final String[][] ADDED_CLIENT_COLUMNS = {
        {"last_meta", "TEXT"},
        {"last_meta_at", "INTEGER"},
        {"upnp", "INTEGER NOT NULL DEFAULT -1"},
        {"mapped", "TEXT"},
        {"keyed", "INTEGER NOT NULL DEFAULT 0"},
    };

    /**
     * One client as stored; {@code lastMeta} is null (and {@code lastMetaAt} 0) until it sent
     * META. {@code upnp} is what its latest registration's UPNP said of a port mapping (1 yes, 0
     * no, -1 nothing); {@code mapped} the mapped address the server listed it at, null when none;
     * {@code keyed} whether its latest join or move was bound to a key (docs/security.md), else legacy.
     */
    public record ClientRow(String id, long firstSeen, long lastSeen, String external, String internal, int nat,
                            String audience, long joins, long departures, String lastDeparture, String lastMeta,
                            long lastMetaAt, int upnp, String mapped, boolean keyed) {

        /** Whether its latest registration said its gateway forwards its port. */
        public boolean gatewayForwards() {
            return upnp > 0;
        }
    }

    /** The latest report one client made about one peer. */
    public record PairRow(String reporter, String peer, String peerId, long at, MetricsSnapshot metrics) {
    }

    private final Connection db;
    private final Map<String, Long> dropsAtOpen;

    private AnalyticsStore(Connection db) throws SQLException {
        this.db = db;
        this.dropsAtOpen = drops();
    }

    /** Opens (creating if needed) the database file. */
    public static AnalyticsStore open(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            try (Statement s = c.createStatement()) {
                // WAL lets `ptpserver stats` read while the server writes
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
                int version;
                try (ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
                    version = r.next() ? r.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    throw new SQLException(file + " has analytics schema " + version + "; this build reads up to "
                            + SCHEMA_VERSION);
                }
                addMissingClientColumns(s);
                if (version < SCHEMA_VERSION) {
                    s.execute("DELETE FROM schema_version");
                    s.execute("INSERT INTO schema_version VALUES (" + SCHEMA_VERSION + ")");
                }
            }
            c.setAutoCommit(false);
            c.commit();
            return new AnalyticsStore(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static void addMissingClientColumns(Statement s) throws SQLException {
        Set<String> present = new HashSet<>();
        try (ResultSet r = s.executeQuery("PRAGMA table_info(clients)")) {
            while (r.next()) {
                present.add(r.getString("name"));
            }
        }
        for (String[] column : ADDED_CLIENT_COLUMNS) {
            if (!present.contains(column[0])) {
                s.execute("ALTER TABLE clients ADD COLUMN " + column[0] + " " + column[1]);
            }
        }
    }

    public void joined(String id, long at, String external, String internal, int nat, String audience) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO clients (id, first_seen, last_seen, external,"
                + " internal, nat, audience, joins) VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET"
                + " last_seen = excluded.last_seen, external = excluded.external, internal = excluded.internal,"
                + " nat = excluded.nat, audience = excluded.audience, joins = joins + 1")) {
            p.setString(1, id);
            p.setLong(2, at);
            p.setLong(3, at);
            p.setString(4, external);
            p.setString(5, internal);
            p.setInt(6, nat);
            p.setString(7, audience);
            p.executeUpdate();
        }
        event(at, "join", id, external);
    }

    /** A client registered again from another address or with another NAT type (a NAT check finished, say). */
    public void moved(String id, long at, String external, String internal, int nat) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE clients SET external = ?, internal = ?, nat = ?,"
                + " last_seen = max(last_seen, ?) WHERE id = ?")) {
            p.setString(1, external);
            p.setString(2, internal);
            p.setInt(3, nat);
            p.setLong(4, at);
            p.setString(5, id);
            p.executeUpdate();
        }
        event(at, "moved", id, external);
    }

    /**
     * What a client's registration said of a port mapping, stored with its join or move:
     * {@code upnp} as its UPNP said (-1 nothing), {@code mapped} the mapped address it is listed
     * at (null: none, it is listed where its datagrams come from).
     */
    public void portMapping(String id, int upnp, String mapped) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE clients SET upnp = ?, mapped = ? WHERE id = ?")) {
            p.setInt(1, upnp);
            p.setString(2, mapped);
            p.setString(3, id);
            p.executeUpdate();
        }
    }

    /** Whether a client's registration is bound to a key, stored with its join or move (a legacy one a key took over moves). */
    public void keying(String id, boolean keyed) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE clients SET keyed = ? WHERE id = ?")) {
            p.setInt(1, keyed ? 1 : 0);
            p.setString(2, id);
            p.executeUpdate();
        }
    }

    public void left(String id, long at, String address, long lastSeen, String why) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE clients SET departures = departures + 1,"
                + " last_departure = ?, last_seen = max(last_seen, ?) WHERE id = ?")) {
            p.setString(1, why);
            p.setLong(2, lastSeen);
            p.setString(3, id);
            p.executeUpdate();
        }
        event(at, why, id, address);
    }

    public void report(String reporter, long at, MetricsReport r) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO peer_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            MetricsSnapshot m = r.metrics();
            p.setLong(1, at);
            p.setString(2, reporter);
            p.setString(3, r.peer().toString());
            p.setString(4, r.peerId() == null ? null : java.util.HexFormat.of().formatHex(r.peerId()));
            p.setLong(5, m.sent());
            p.setLong(6, m.received());
            p.setLong(7, m.acked());
            p.setLong(8, m.lost());
            p.setLong(9, m.rttLast());
            p.setDouble(10, m.rttMean());
            p.setLong(11, m.rttMin());
            p.setLong(12, m.rttMax());
            p.setDouble(13, m.jitter());
            p.executeUpdate();
        }
        heard(reporter, at);
    }

    /** META that is not a peer report (ptptest 2014 clients send their own), kept as sent. */
    public void meta(String client, long at, String json) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO client_meta VALUES (?, ?, ?)")) {
            p.setLong(1, at);
            p.setString(2, client);
            p.setString(3, json);
            p.executeUpdate();
        }
    }

    /** A client sent a datagram at {@code at}: its last_seen moves on (never back). */
    public void heard(String id, long at) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE clients SET last_seen = max(last_seen, ?) WHERE id = ?")) {
            p.setLong(1, at);
            p.setString(2, id);
            p.executeUpdate();
        }
    }

    /** The client's latest META (a peer report or its own), as sent; a META is heard from the client too. */
    public void latestMeta(String client, long at, String json) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE clients SET last_meta = ?, last_meta_at = ?,"
                + " last_seen = max(last_seen, ?) WHERE id = ? AND (last_meta_at IS NULL OR last_meta_at <= ?)")) {
            p.setString(1, json);
            p.setLong(2, at);
            p.setLong(3, at);
            p.setString(4, client);
            p.setLong(5, at);
            p.executeUpdate();
        }
    }

    /**
     * Stores this run's drop counters on top of those stored when the file was opened, so the
     * totals survive restarts.
     */
    public void dropsSinceOpen(Map<String, Long> counters) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO drops VALUES (?, ?) ON CONFLICT (reason)"
                + " DO UPDATE SET count = excluded.count")) {
            for (Map.Entry<String, Long> e : counters.entrySet()) {
                p.setString(1, e.getKey());
                p.setLong(2, dropsAtOpen.getOrDefault(e.getKey(), 0L) + e.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Deletes rows beyond {@code retention} at {@code now} (not committed); returns how many. */
    public long prune(Retention retention, long now) throws SQLException {
        return retention.prune(db, now);
    }

    public void commit() throws SQLException {
        db.commit();
    }

    public List<ClientRow> clients() throws SQLException {
        List<ClientRow> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT id, first_seen, last_seen, external, internal, nat, audience, joins,"
                     + " departures, last_departure, last_meta, last_meta_at, upnp, mapped, keyed FROM clients"
                     + " ORDER BY first_seen, id")) {
            while (r.next()) {
                out.add(new ClientRow(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4), r.getString(5),
                        r.getInt(6), r.getString(7), r.getLong(8), r.getLong(9), r.getString(10), r.getString(11),
                        r.getLong(12), r.getInt(13), r.getString(14), r.getInt(15) != 0));
            }
        }
        return out;
    }

    /** For each (reporter, peer) pair, its latest report. */
    public List<PairRow> latestPairs() throws SQLException {
        List<PairRow> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT reporter, peer, peer_id, at, sent, received, acked, lost, rtt_last,"
                     + " rtt_mean, rtt_min, rtt_max, jitter FROM peer_reports p WHERE at = (SELECT max(at) FROM"
                     + " peer_reports q WHERE q.reporter = p.reporter AND q.peer = p.peer) GROUP BY reporter, peer"
                     + " ORDER BY reporter, peer")) {
            while (r.next()) {
                out.add(new PairRow(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), new MetricsSnapshot(
                        r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9), r.getDouble(10),
                        r.getLong(11), r.getLong(12), r.getDouble(13))));
            }
        }
        return out;
    }

    /** Rows of META that is not a peer report. */
    public long otherMetaCount() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM client_meta")) {
            r.next();
            return r.getLong(1);
        }
    }

    public long reportCount() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM peer_reports")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * One bucket of a client's reports: the mean RTT (ms, NaN without one) and the loss ratio over
     * the bucket (NaN when no probe was decided in it).
     */
    public record HistoryPoint(long at, double rttMillis, double lossRatio) {
    }

    /**
     * What {@code reporter}'s peer reports said since {@code since}, in buckets of {@code bucketMillis},
     * oldest first: the RTT averaged over its peers and the reports of each bucket; the loss as the
     * probes lost in the bucket over the probes decided (acked or lost) in it, over all its peers.
     * A report's counters count since its peer was first measured, so what a report adds is its
     * difference from the report before it about the same peer (all of it after a reset, when a
     * counter went down); the first report stored about a peer has none before it to differ from,
     * and adds no probes: counted whole it would put all the history before it (maybe trimmed by
     * retention) into one bucket. Summing probes weights each peer by how many were decided, where
     * an average of each report's ratio would let ten probes weigh as much as a thousand.
     */
    public List<HistoryPoint> history(String reporter, long since, long bucketMillis) throws SQLException {
        List<HistoryPoint> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT (at / ?) * ? AS bucket,"
                + " avg(CASE WHEN rtt_last >= 0 THEN rtt_mean END),"
                + " CASE WHEN sum(decided) > 0 THEN sum(newly_lost) * 1.0 / sum(decided) END"
                + " FROM (SELECT at, rtt_last, rtt_mean,"
                + "   CASE WHEN prev_lost IS NULL THEN 0 WHEN lost >= prev_lost AND acked >= prev_acked THEN lost - prev_lost ELSE lost END AS newly_lost,"
                + "   CASE WHEN prev_lost IS NULL THEN 0 WHEN lost >= prev_lost AND acked >= prev_acked"
                + "     THEN acked + lost - prev_acked - prev_lost ELSE acked + lost END AS decided"
                + "   FROM (SELECT at, rtt_last, rtt_mean, acked, lost, lag(acked) OVER w AS prev_acked, lag(lost) OVER w AS prev_lost"
                + "     FROM peer_reports WHERE reporter = ? WINDOW w AS (PARTITION BY peer ORDER BY at)))"
                + " WHERE at >= ? GROUP BY bucket ORDER BY bucket")) {
            p.setLong(1, bucketMillis);
            p.setLong(2, bucketMillis);
            p.setString(3, reporter);
            p.setLong(4, since);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double rtt = r.getDouble(2);
                    boolean noRtt = r.wasNull();
                    double loss = r.getDouble(3);
                    // asked at once: wasNull() speaks of the column read last
                    boolean noLoss = r.wasNull();
                    out.add(new HistoryPoint(r.getLong(1), noRtt ? Double.NaN : rtt, noLoss ? Double.NaN : loss));
                }
            }
        }
        return out;
    }

    public Map<String, Long> drops() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT reason, count FROM drops ORDER BY reason")) {
            while (r.next()) {
                out.put(r.getString(1), r.getLong(2));
            }
        }
        return out;
    }

    private void event(long at, String kind, String client, String address) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?)")) {
            p.setLong(1, at);
            p.setString(2, kind);
            p.setString(3, client);
            p.setString(4, address);
            p.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        db.commit();
        db.close();
    }
}
