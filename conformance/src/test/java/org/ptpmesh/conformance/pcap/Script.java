package org.ptpmesh.conformance.pcap;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.wire.Checksum;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.Timestamps;

/**
 * A fixture session written as a script: a virtual clock in microseconds and the datagrams each
 * endpoint sends, encoded by the reference codec (or given raw, for malformed ones).
 */
final class Script {

    /** 2014-06-20 23:16:46 UTC, the brief's worked example, as the start of every fixture. */
    static final long START_MICROS = 1_403_306_206_000_000L;

    private final List<FixtureWriter.Frame> frames = new ArrayList<>();
    private long now = START_MICROS;

    Script advanceMillis(long millis) {
        now += millis * 1000;
        return this;
    }

    /** The 32.32 timestamp of the current virtual time, as a sender would put in MYTS. */
    long myts() {
        return Timestamps.fromMillis(now / 1000);
    }

    Script send(Endpoint from, Endpoint to, Message message) {
        return raw(from, to, Codec.encode(message));
    }

    Script raw(Endpoint from, Endpoint to, byte[] datagram) {
        frames.add(new FixtureWriter.Frame(now, from, to, datagram));
        now += 1_000;
        return this;
    }

    List<FixtureWriter.Frame> frames() {
        return List.copyOf(frames);
    }

    /** Version byte, the given TLV bytes, and a correct checksum: for datagrams the codec refuses to build. */
    static byte[] withChecksum(byte[] versionAndTlvs) {
        byte[] out = java.util.Arrays.copyOf(versionAndTlvs, versionAndTlvs.length + 2);
        int sum = Checksum.compute(versionAndTlvs, 0, versionAndTlvs.length);
        out[out.length - 2] = (byte) (sum >>> 8);
        out[out.length - 1] = (byte) sum;
        return out;
    }
}
