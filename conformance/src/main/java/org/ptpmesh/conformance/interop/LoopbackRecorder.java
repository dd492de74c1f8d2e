package org.ptpmesh.conformance.interop;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * Records a case's UDP traffic on the loopback interface into a pcap file with Pcap4J, filtered
 * to the case's ports. The capture is open before {@link #start} returns, so the case's first
 * datagram is in it. Live capture needs root or CAP_NET_RAW.
 */
final class LoopbackRecorder implements AutoCloseable {

    private static final String INTERFACE = "lo";
    private static final int SNAPLEN = 1600;
    private static final int READ_TIMEOUT_MILLIS = 20;
    private static final long IDLE_MILLIS = 2;

    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile boolean running = true;

    private LoopbackRecorder() {
    }

    /**
     * @throws IllegalStateException when the capture cannot be opened, saying what it needs
     */
    static LoopbackRecorder start(Path file, Set<Integer> ports) throws InterruptedException {
        String filter = "udp and (" + ports.stream().sorted().map(p -> "port " + p).collect(Collectors.joining(" or ")) + ")";
        LoopbackRecorder recorder = new LoopbackRecorder();
        Thread t = new Thread(() -> recorder.run(file, filter), "ptpconform-capture");
        t.setDaemon(true);
        t.start();
        try {
            recorder.opened.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot capture on " + INTERFACE + ": " + e.getCause().getMessage()
                    + " (live capture needs libpcap and root or CAP_NET_RAW; or run with --no-capture)", e.getCause());
        }
        return recorder;
    }

    private void run(Path file, String filter) {
        try (PcapHandle handle = new PcapHandle.Builder(INTERFACE).snaplen(SNAPLEN)
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(READ_TIMEOUT_MILLIS).immediateMode(true).build()) {
            handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
            // non-blocking: a blocking read on a quiet, filtered lo can wait forever past close()
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            try (PcapDumper dumper = handle.dumpOpen(file.toString())) {
                opened.complete(null);
                while (running) {
                    byte[] frame = handle.getNextRawPacket();
                    if (frame != null) {
                        dumper.dumpRaw(frame, handle.getTimestamp());
                    } else {
                        Thread.sleep(IDLE_MILLIS);
                    }
                }
                dumper.flush();
            }
        } catch (Exception | UnsatisfiedLinkError | NoClassDefFoundError e) {
            opened.completeExceptionally(e);
        } finally {
            finished.complete(null);
        }
    }

    /** Stops after the reads in flight and closes the file. */
    @Override
    public void close() throws InterruptedException, ExecutionException {
        running = false;
        finished.get();
    }
}
