package org.ptpmesh.rendezvous;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;

/**
 * Two token buckets per source address and port: one for datagrams the server acts on, one for
 * junk (datagrams that do not decode or break their kind's rules). Junk forged from a client's
 * address empties the junk bucket only, so it cannot spend the client's own budget; a source with
 * both buckets empty is refused before its datagram is even decoded, so a flood costs no
 * checksum. The table is bounded: when full, the source heard from least recently is forgotten
 * (it starts again with full buckets), so a flood from spoofed sources costs a bounded amount of
 * memory. Sources are told apart by port too, because many honest clients can share one public
 * IP behind a NAT.
 */
public final class SourceRateLimiter {

    /** Which budget a datagram is charged to. */
    public enum Budget { VALID, JUNK }

    private final double burst;
    private final double perMilli;
    private final Map<Endpoint, Buckets> sources;

    private final class Buckets {
        double valid = burst;
        double junk = burst;
        long at;

        Buckets(long at) {
            this.at = at;
        }

        void refill(long now) {
            double earned = Math.max(0, now - at) * perMilli;
            valid = Math.min(burst, valid + earned);
            junk = Math.min(burst, junk + earned);
            at = Math.max(at, now);
        }
    }

    public SourceRateLimiter(int burst, int perSecond, int maxSources) {
        this.burst = burst;
        this.perMilli = perSecond / 1000.0;
        this.sources = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Endpoint, Buckets> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Whether both of {@code source}'s budgets are spent: its datagram need not be looked at. */
    public boolean exhausted(Endpoint source, long now) {
        Buckets b = sources.get(source);
        if (b == null) {
            return false;
        }
        b.refill(now);
        return b.valid < 1 && b.junk < 1;
    }

    /** Takes one token of {@code budget} for {@code source}; false when that bucket is empty. */
    public boolean take(Endpoint source, long now, Budget budget) {
        Buckets b = sources.computeIfAbsent(source, s -> new Buckets(now));
        b.refill(now);
        if (budget == Budget.VALID) {
            if (b.valid < 1) {
                return false;
            }
            b.valid -= 1;
        } else {
            if (b.junk < 1) {
                return false;
            }
            b.junk -= 1;
        }
        return true;
    }

    public int trackedSources() {
        return sources.size();
    }
}
