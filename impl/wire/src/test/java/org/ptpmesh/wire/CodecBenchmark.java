package org.ptpmesh.wire;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Codec cost per datagram: decode+verify into a reused {@link DatagramView}, and encode through a
 * reused {@link DatagramWriter}, for a 52-byte control message (a PONG) and a full 1400-byte
 * BLOCK. Run with {@code ci/bench-wire} (not part of the test suite); results in
 * docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private static final byte[] ID = new byte[16];
    private static final Endpoint ADDRESS = Endpoint.of("203.0.113.9", 61000);

    private final DatagramView view = new DatagramView();
    private final DatagramWriter writer = new DatagramWriter();
    private final byte[] out = new byte[Datagram.MAX_SIZE];
    private final byte[] payload = new byte[Datagram.MAX_SIZE];
    private byte[] control;
    private byte[] full;

    @Setup
    public void setUp() {
        control = java.util.Arrays.copyOf(out, encodeControl());
        full = java.util.Arrays.copyOf(out, encodeFull());
        if (control.length != 52 || full.length != 1400) {
            throw new IllegalStateException("benchmark datagrams are " + control.length + " and " + full.length + " bytes");
        }
    }

    @Benchmark
    public long decodeControl() {
        if (view.wrap(control, 0, control.length) != null) {
            throw new IllegalStateException();
        }
        return view.uint(view.indexOf(TlvTypes.YOURTS));
    }

    @Benchmark
    public long decodeFull() {
        if (view.wrap(full, 0, full.length) != null) {
            throw new IllegalStateException();
        }
        return view.uint(view.indexOf(TlvTypes.BLOCKNUM));
    }

    @Benchmark
    public int encodeControl() {
        return writer.wrap(out, 0)
                .putUint(TlvTypes.MSGKIND, MessageKind.PONG.code(), 1)
                .putBytes(TlvTypes.UUID, ID, 0, 16)
                .putAddress(TlvTypes.YOURADDR, ADDRESS)
                .putUint(TlvTypes.NAT, 1, 1)
                .putUint(TlvTypes.YOURTS, 0x53a4c0de80000000L, 8)
                .putUint(TlvTypes.SEQUENCE, 7, 2)
                .putInt(TlvTypes.CLOCKOFFSET, -3, 1)
                .finish();
    }

    @Benchmark
    public int encodeFull() {
        writer.wrap(out, 0)
                .putUint(TlvTypes.MSGKIND, MessageKind.BLOCK.code(), 1)
                .putBytes(TlvTypes.UUID, ID, 0, 16)
                .putUint(TlvTypes.XFERID, 1, 4)
                .putUint(TlvTypes.BLOCKNUM, 7, 4);
        for (int i = 0; i < 5; i++) {
            writer.putBytes(TlvTypes.PAYLOAD, payload, i * 253, 253);
        }
        writer.putBytes(TlvTypes.PAYLOAD, payload, 5 * 253, 87);
        return writer.finish();
    }
}
