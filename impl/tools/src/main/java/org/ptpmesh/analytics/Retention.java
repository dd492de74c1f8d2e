package org.ptpmesh.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What the analytics database keeps: rows no older than {@code maxAgeMillis}, and at most
 * {@code maxRows} in each table, the oldest deleted first. SQLite reuses the pages of deleted
 * rows, so the file stops growing once it holds that much (it does not shrink by itself).
 *
 * @param maxAgeMillis rows older than this are deleted
 * @param maxRows      rows each table keeps at most
 */
public record Retention(long maxAgeMillis, long maxRows) {

    /** Tables of timed rows, each with its time column; insertion order is time order. */
    private static final String[][] TIMED = {{"events", "at"}, {"peer_reports", "at"}, {"client_meta", "at"}};

    public Retention {
        if (maxAgeMillis <= 0 || maxRows <= 0) {
            throw new IllegalArgumentException("retention and row bound must be positive");
        }
    }

    public static Retention defaults() {
        return new Retention(AnalyticsDefaults.RETENTION_DAYS * 86_400_000L, AnalyticsDefaults.MAX_ROWS);
    }

    /** Deletes what is beyond the bounds at {@code now}; returns the rows deleted. */
    long prune(Connection db, long now) throws SQLException {
        long cutoff = now - maxAgeMillis;
        long deleted = 0;
        for (String[] t : TIMED) {
            deleted += update(db, "DELETE FROM " + t[0] + " WHERE " + t[1] + " < ?", cutoff);
            // rowids grow with insertion: everything up to the one maxRows from the newest goes
            deleted += update(db, "DELETE FROM " + t[0] + " WHERE rowid <= (SELECT rowid FROM " + t[0]
                    + " ORDER BY rowid DESC LIMIT 1 OFFSET ?)", maxRows);
        }
        deleted += update(db, "DELETE FROM clients WHERE last_seen < ?", cutoff);
        deleted += update(db, "DELETE FROM clients WHERE id IN (SELECT id FROM clients ORDER BY last_seen DESC LIMIT -1 OFFSET ?)",
                maxRows);
        return deleted;
    }

    private static long update(Connection db, String sql, long parameter) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setLong(1, parameter);
            return p.executeUpdate();
        }
    }
}
