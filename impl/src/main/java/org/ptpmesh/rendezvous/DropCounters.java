package org.ptpmesh.rendezvous;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.ptpmesh.wire.DecodeErrorCode;

/**
 * Every datagram the server did not act on, counted by reason. Written by the event loop,
 * read at any time by the console UI and the analytics recorder, hence atomic.
 */
public final class DropCounters {

    private static final DecodeErrorCode[] DECODE = DecodeErrorCode.values();
    private static final DropReason[] OTHER = DropReason.values();

    private final AtomicLongArray decode = new AtomicLongArray(DECODE.length);
    private final AtomicLongArray other = new AtomicLongArray(OTHER.length);

    public void count(DecodeErrorCode code) {
        decode.incrementAndGet(code.ordinal());
    }

    public void count(DropReason reason) {
        other.incrementAndGet(reason.ordinal());
    }

    public void count(DropReason reason, long n) {
        other.addAndGet(reason.ordinal(), n);
    }

    public long get(DecodeErrorCode code) {
        return decode.get(code.ordinal());
    }

    public long get(DropReason reason) {
        return other.get(reason.ordinal());
    }

    public long total() {
        long sum = 0;
        for (int i = 0; i < DECODE.length; i++) {
            sum += decode.get(i);
        }
        for (int i = 0; i < OTHER.length; i++) {
            sum += other.get(i);
        }
        return sum;
    }

    /** Non-zero counters by wire name (decode error codes and drop reasons share one namespace). */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (DecodeErrorCode c : DECODE) {
            long n = decode.get(c.ordinal());
            if (n != 0) {
                out.put(c.wireName(), n);
            }
        }
        for (DropReason r : OTHER) {
            long n = other.get(r.ordinal());
            if (n != 0) {
                out.put(r.wireName(), n);
            }
        }
        return out;
    }
}
