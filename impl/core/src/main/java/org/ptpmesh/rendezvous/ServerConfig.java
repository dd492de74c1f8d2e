package org.ptpmesh.rendezvous;

/**
 * Everything a rendezvous server can be tuned by. The defaults are ptptest 2014's timers and
 * bounds sized for one small host; every one of them says why it is what it is.
 *
 * @param port              UDP port served; 23456 is ptptest's
 * @param serverVersion     SERVERVER sent in every reply; ptptest servers send 2
 * @param publishEvery      ms between two periodic client-list publications (ptptest: 13 s)
 * @param purgeAfter        ms of silence after which a client is purged (ptptest: 30 s, four
 *                          missed registrations at 7 s)
 * @param announceGap       ms at least between two publications triggered by joins and leaves;
 *                          one join is announced at once, a burst of joins is announced together
 *                          instead of once per join
 * @param listLimit         most clients listed to one client, 0 for all (ptptest lists all; a
 *                          deployment with tens of thousands of clients cannot)
 * @param maxClients        registry bound, so spoofed registrations cannot exhaust memory
 * @param rateBurst         datagrams one source may send at once before being limited
 * @param ratePerSecond     sustained datagrams per second per source; a client needs about one
 *                          per registration and one per list page it echoes
 * @param maxTrackedSources sources the rate limiter remembers; the least recently seen are
 *                          forgotten first, so spoofed sources cannot exhaust memory
 */
public record ServerConfig(int port, int serverVersion, long publishEvery, long purgeAfter, long announceGap,
                           int listLimit, int maxClients, int rateBurst, int ratePerSecond, int maxTrackedSources) {

    public static final int DEFAULT_PORT = 23456;

    public ServerConfig {
        positive("port", port);
        positive("publishEvery", publishEvery);
        positive("purgeAfter", purgeAfter);
        if (announceGap < 0 || listLimit < 0) {
            throw new IllegalArgumentException("announceGap and listLimit must not be negative");
        }
        positive("maxClients", maxClients);
        positive("rateBurst", rateBurst);
        positive("ratePerSecond", ratePerSecond);
        positive("maxTrackedSources", maxTrackedSources);
        if (port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_PORT, 2, 13_000, 30_000, 1_000, 0, 200_000, 200, 100, 65_536);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(p, serverVersion, publishEvery, purgeAfter, announceGap, listLimit, maxClients,
                rateBurst, ratePerSecond, maxTrackedSources);
    }

    public ServerConfig withTimers(long publish, long purge, long gap) {
        return new ServerConfig(port, serverVersion, publish, purge, gap, listLimit, maxClients, rateBurst,
                ratePerSecond, maxTrackedSources);
    }

    public ServerConfig withListLimit(int limit) {
        return new ServerConfig(port, serverVersion, publishEvery, purgeAfter, announceGap, limit, maxClients,
                rateBurst, ratePerSecond, maxTrackedSources);
    }

    public ServerConfig withBounds(int clients, int burst, int perSecond, int sources) {
        return new ServerConfig(port, serverVersion, publishEvery, purgeAfter, announceGap, listLimit, clients,
                burst, perSecond, sources);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
