package org.ptpmesh.rendezvous;

/**
 * Everything a rendezvous server can be tuned by. {@link #builder} starts from
 * {@link ServerDefaults}: ptptest 2014's timers and bounds sized for one small host, each with
 * the reason for its value.
 *
 * @param port              UDP port served; 23456 is ptptest's
 * @param serverVersion     SERVERVER sent in every reply; ptptest servers send 2
 * @param publishEvery      ms between two periodic client-list publications (ptptest: 13 s)
 * @param purgeAfter        ms of silence after which a client is purged (ptptest: 30 s, four
 *                          missed registrations at 7 s)
 * @param announceGap       ms at least between two publications triggered by joins and purges;
 *                          one join is announced at once, a burst of joins is announced together
 *                          instead of once per join (departures by SHUTDOWN go out at once, up to
 *                          {@link ServerDefaults#DEPARTURES_AT_ONCE} a gap)
 * @param moveAfter         ms a registered client must have been silent at its address before
 *                          a registration from another address moves it there
 * @param listLimit         most clients listed to one client, 0 for all (ptptest lists all; a
 *                          deployment with tens of thousands of clients cannot)
 * @param publishBudget     datagrams one publish tick sends at most
 * @param maxPending        registrations waiting for address validation, at most
 * @param maxClients        registry bound, so spoofed registrations cannot exhaust memory
 * @param rateBurst         datagrams one source may send at once before being limited
 * @param ratePerSecond     sustained datagrams per second per source; a client needs about one
 *                          per registration and one per list page it echoes
 * @param maxTrackedSources sources the rate limiter remembers; the least recently seen are
 *                          forgotten first, so spoofed sources cannot exhaust memory
 * @param dropLogPerSecond  refused datagrams traced one by one a second; the rest are counted in
 *                          one summary step, so a flood cannot fill a log
 */
public record ServerConfig(int port, int serverVersion, long publishEvery, long purgeAfter, long announceGap,
                           long moveAfter, int listLimit, int publishBudget, int maxPending, int maxClients, int rateBurst,
                           int ratePerSecond, int maxTrackedSources, int dropLogPerSecond) {

    public ServerConfig {
        positive("port", port);
        positive("publishEvery", publishEvery);
        positive("purgeAfter", purgeAfter);
        if (announceGap < 0 || moveAfter < 0 || listLimit < 0 || dropLogPerSecond < 0) {
            throw new IllegalArgumentException("announceGap, moveAfter, listLimit and dropLogPerSecond must not be negative");
        }
        positive("publishBudget", publishBudget);
        positive("maxPending", maxPending);
        positive("maxClients", maxClients);
        positive("rateBurst", rateBurst);
        positive("ratePerSecond", ratePerSecond);
        positive("maxTrackedSources", maxTrackedSources);
        if (port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    /** A builder holding the defaults, with the given settings that have none. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.serverVersion = serverVersion;
        b.publishEvery = publishEvery;
        b.purgeAfter = purgeAfter;
        b.announceGap = announceGap;
        b.moveAfter = moveAfter;
        b.listLimit = listLimit;
        b.publishBudget = publishBudget;
        b.maxPending = maxPending;
        b.maxClients = maxClients;
        b.rateBurst = rateBurst;
        b.ratePerSecond = ratePerSecond;
        b.maxTrackedSources = maxTrackedSources;
        b.dropLogPerSecond = dropLogPerSecond;
        return b;
    }

    public static ServerConfig defaults() {
        return builder().build();
    }

    /**
     * How often the server looks for clients silent longer than {@link #purgeAfter}: a tenth of
     * the window keeps purges within 10% of it late, and never busier than 100 Hz. A client is
     * purged at most this long after its silence passed the window (what a trace replay checks).
     */
    public long purgeCheckEvery() {
        return Math.max(10, Math.min(1000, purgeAfter / 10));
    }

    public ServerConfig withPort(int p) {
        return toBuilder().port(p).build();
    }

    public ServerConfig withTimers(long publish, long purge, long gap) {
        return toBuilder().publishEvery(publish).purgeAfter(purge).announceGap(gap).build();
    }

    public ServerConfig withListLimit(int limit) {
        return toBuilder().listLimit(limit).build();
    }

    public ServerConfig withDropLog(int perSecond) {
        return toBuilder().dropLogPerSecond(perSecond).build();
    }

    public ServerConfig withBounds(int clients, int burst, int perSecond, int sources) {
        return toBuilder().maxClients(clients).rateBurst(burst).ratePerSecond(perSecond).maxTrackedSources(sources).build();
    }

    /** Builds a {@link ServerConfig}; every setting starts at its default (ServerDefaults). */
    public static final class Builder {
        private int port = ServerDefaults.PORT;
        private int serverVersion = ServerDefaults.SERVER_VERSION;
        private long publishEvery = ServerDefaults.PUBLISH_EVERY_SECONDS * 1_000;
        private long purgeAfter = ServerDefaults.PURGE_AFTER_SECONDS * 1_000;
        private long announceGap = ServerDefaults.ANNOUNCE_GAP_SECONDS * 1_000;
        private long moveAfter = ServerDefaults.MOVE_AFTER_SECONDS * 1_000;
        private int listLimit = ServerDefaults.LIST_LIMIT;
        private int publishBudget = ServerDefaults.PUBLISH_BUDGET;
        private int maxPending = ServerDefaults.MAX_PENDING;
        private int maxClients = ServerDefaults.MAX_CLIENTS;
        private int rateBurst = ServerDefaults.RATE_BURST;
        private int ratePerSecond = ServerDefaults.RATE_PER_SECOND;
        private int maxTrackedSources = ServerDefaults.MAX_TRACKED_SOURCES;
        private int dropLogPerSecond = ServerDefaults.DROP_LOG_PER_SECOND;

        private Builder() {
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder serverVersion(int value) {
            this.serverVersion = value;
            return this;
        }

        public Builder publishEvery(long value) {
            this.publishEvery = value;
            return this;
        }

        public Builder purgeAfter(long value) {
            this.purgeAfter = value;
            return this;
        }

        public Builder announceGap(long value) {
            this.announceGap = value;
            return this;
        }

        public Builder moveAfter(long value) {
            this.moveAfter = value;
            return this;
        }

        public Builder listLimit(int value) {
            this.listLimit = value;
            return this;
        }

        public Builder publishBudget(int value) {
            this.publishBudget = value;
            return this;
        }

        public Builder maxPending(int value) {
            this.maxPending = value;
            return this;
        }

        public Builder maxClients(int value) {
            this.maxClients = value;
            return this;
        }

        public Builder rateBurst(int value) {
            this.rateBurst = value;
            return this;
        }

        public Builder ratePerSecond(int value) {
            this.ratePerSecond = value;
            return this;
        }

        public Builder maxTrackedSources(int value) {
            this.maxTrackedSources = value;
            return this;
        }

        public Builder dropLogPerSecond(int value) {
            this.dropLogPerSecond = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(port, serverVersion, publishEvery, purgeAfter, announceGap, moveAfter, listLimit, publishBudget, maxPending,
                    maxClients, rateBurst, ratePerSecond, maxTrackedSources, dropLogPerSecond);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
