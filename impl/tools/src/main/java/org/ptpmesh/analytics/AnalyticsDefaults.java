package org.ptpmesh.analytics;

/** How much the analytics database keeps, each bound with the reason for its value. The unit is in the name. */
public final class AnalyticsDefaults {

    /**
     * Rows older than 30 days are deleted (events, peer reports, other META, and clients not seen
     * since): a month of history for {@code ptpserver stats}, not a year's growth.
     */
    public static final long RETENTION_DAYS = 30;

    /**
     * Rows each table keeps at most, the oldest deleted first: one million peer reports are about
     * 100 MB, whatever rate clients (or a flood of registrations) add them at.
     */
    public static final long MAX_ROWS = 1_000_000;

    /** The writer prunes once a minute: between two prunes a table grows by at most a minute's rows. */
    public static final long PRUNE_EVERY_SECONDS = 60;

    private AnalyticsDefaults() {
    }
}
