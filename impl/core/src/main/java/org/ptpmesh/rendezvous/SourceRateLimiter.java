package org.ptpmesh.rendezvous;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;

/**
 * A token bucket per source address and port. The table is bounded: when full, the source heard
 * from least recently is forgotten (it starts again with a full bucket), so a flood from
 * spoofed sources costs a bounded amount of memory. Sources are told apart by port too, because
 * many honest clients can share one public IP behind a NAT.
 */
public final class SourceRateLimiter {

    private final double burst;
    private final double perMilli;
    private final Map<Endpoint, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public SourceRateLimiter(int burst, int perSecond, int maxSources) {
        this.burst = burst;
        this.perMilli = perSecond / 1000.0;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Endpoint, Bucket> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Takes one token for {@code source}; false when its bucket is empty. */
    public boolean allow(Endpoint source, long now) {
        Bucket b = buckets.get(source);
        if (b == null) {
            buckets.put(source, new Bucket(burst - 1, now));
            return true;
        }
        long elapsed = Math.max(0, now - b.at);
        b.tokens = Math.min(burst, b.tokens + elapsed * perMilli);
        b.at = now;
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    public int trackedSources() {
        return buckets.size();
    }
}
