package org.ptpmesh.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * A Pcap4J live capture of UDP on one interface of a lab namespace, written to a pcap file. The
 * capture thread enters the namespace before opening the interface (libpcap opens it in the
 * calling thread's namespace), and the capture is open before {@link #start} returns, so no
 * datagram of the scenario that follows is missed.
 */
public final class LiveCapture implements AutoCloseable {

    /** Whole ptpmesh datagrams (at most 1400 bytes of UDP payload) with their headers. */
    private static final int SNAPLEN = 1600;
    private static final int READ_TIMEOUT_MILLIS = 20;
    /**
     * The handle is non-blocking and polled: on Linux a blocking read may never time out while no
     * packet comes (TPACKET_V3 starts its timer at the first packet), and then stop would hang.
     */
    private static final long IDLE_SLEEP_MILLIS = 2;

    private final Path file;
    private final AtomicLong packets = new AtomicLong();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile boolean running = true;

    private LiveCapture(Path file) {
        this.file = file;
    }

    /** Starts capturing UDP on {@code iface} of {@code netns} into {@code file}; the lab stops it when it closes. */
    public static LiveCapture start(Lab lab, Netns netns, String iface, Path file) {
        LiveCapture capture = new LiveCapture(file);
        Thread t = new Thread(() -> capture.run(netns, iface), "ptpmesh-lab-capture-" + iface);
        t.setDaemon(true);
        t.start();
        try {
            capture.opened.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while opening a capture", e);
        } catch (ExecutionException e) {
            throw new LabException("cannot capture on " + iface + " in " + netns.name() + ": " + e.getCause().getMessage()
                    + " (live capture needs libpcap, Debian: apt-get install libpcap0.8, and root)", e.getCause());
        }
        return lab.own(capture);
    }

    private void run(Netns netns, String iface) {
        try {
            netns.enter();
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (PcapHandle handle = new PcapHandle.Builder(iface).snaplen(SNAPLEN)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS).immediateMode(true).build()) {
                handle.setFilter("udp", BpfProgram.BpfCompileMode.OPTIMIZE);
                handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
                try (PcapDumper dumper = handle.dumpOpen(file.toString())) {
                    opened.complete(null);
                    copy(handle, dumper);
                }
            }
        } catch (Exception | UnsatisfiedLinkError | NoClassDefFoundError e) {
            opened.completeExceptionally(e);
        } finally {
            finished.complete(null);
        }
    }

    private void copy(PcapHandle handle, PcapDumper dumper) throws NotOpenException, PcapNativeException, InterruptedException {
        while (true) {
            byte[] frame = handle.getNextRawPacket();
            if (frame != null) {
                dumper.dumpRaw(frame, handle.getTimestamp());
                packets.incrementAndGet();
            } else if (running) {
                Thread.sleep(IDLE_SLEEP_MILLIS);
            } else {
                break; // stopped, and everything already captured is written
            }
        }
        dumper.flush();
    }

    public Path file() {
        return file;
    }

    /** Frames written so far. */
    public long packets() {
        return packets.get();
    }

    /** Stops the capture and closes the file (waits for the capture thread's last read). */
    @Override
    public void close() throws ExecutionException, InterruptedException {
        running = false;
        finished.get();
    }
}
