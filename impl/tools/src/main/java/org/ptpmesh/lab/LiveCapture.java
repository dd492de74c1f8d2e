package org.ptpmesh.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * A Pcap4J live capture of UDP on one interface of a lab namespace (or of this JVM's own
 * namespace, {@link #onHost}), written to a pcap file. The
 * capture thread enters the namespace before opening the interface (libpcap opens it in the
 * calling thread's namespace), and the capture is open before {@link #start} returns, so no
 * datagram of the scenario that follows is missed. libpcap's own loop writes the file (no copy
 * per frame through Java); {@link #close} breaks it, which on Linux wakes it even when no packet
 * comes (a read timeout alone would not: TPACKET_V3 starts its timer at the first packet).
 */
public final class LiveCapture implements AutoCloseable {

    /** Whole ptpmesh datagrams (at most 1400 bytes of UDP payload) with their headers. */
    private static final int SNAPLEN = 1600;
    private static final int READ_TIMEOUT_MILLIS = 20;
    /** Room for bursts (256 birthday openers at once) while the dumper catches up. */
    private static final int BUFFER_BYTES = 4 << 20;

    private final Path file;
    private final CompletableFuture<PcapHandle> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile long dropped;

    private LiveCapture(Path file) {
        this.file = file;
    }

    /** Starts capturing UDP on {@code iface} of {@code netns} into {@code file}; the lab stops it when it closes. */
    public static LiveCapture start(Lab lab, Netns netns, String iface, Path file) {
        return lab.own(open(netns, iface, "udp", file));
    }

    /**
     * Starts capturing what the BPF {@code filter} selects on {@code iface} of this JVM's own
     * network namespace (loopback, say) into {@code file}, until {@link #close}.
     */
    public static LiveCapture onHost(String iface, String filter, Path file) {
        return open(null, iface, filter, file);
    }

    private static LiveCapture open(Netns netns, String iface, String filter, Path file) {
        LiveCapture capture = new LiveCapture(file);
        Thread t = new Thread(() -> capture.run(netns, iface, filter), "ptpmesh-capture-" + iface);
        t.setDaemon(true);
        t.start();
        try {
            capture.opened.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while opening a capture", e);
        } catch (ExecutionException e) {
            throw new LabException("cannot capture on " + iface + (netns == null ? "" : " in " + netns.name()) + ": "
                    + e.getCause().getMessage() + " (live capture needs libpcap, Debian: apt-get install libpcap0.8, and root)", e.getCause());
        }
        return capture;
    }

    private void run(Netns netns, String iface, String filter) {
        try {
            if (netns != null) {
                netns.enter();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (PcapHandle handle = new PcapHandle.Builder(iface).snaplen(SNAPLEN).bufferSize(BUFFER_BYTES)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS).immediateMode(true).build()) {
                handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
                try (PcapDumper dumper = handle.dumpOpen(file.toString())) {
                    opened.complete(handle);
                    try {
                        // libpcap's own loop writes each frame; close() ends it with pcap_breakloop
                        handle.loop(-1, dumper);
                    } catch (InterruptedException broken) {
                        // breakLoop: the normal end
                    }
                    dumper.flush();
                    dropped = handle.getStats().getNumPacketsDropped();
                }
            }
        } catch (Exception | UnsatisfiedLinkError | NoClassDefFoundError e) {
            opened.completeExceptionally(e);
        } finally {
            finished.complete(null);
        }
    }

    public Path file() {
        return file;
    }

    /** Frames the kernel dropped because the capture fell behind (known once closed). */
    public long dropped() {
        return dropped;
    }

    /** Stops the capture and closes the file (waits for the capture thread to write what it read). */
    @Override
    public void close() {
        try {
            opened.get().breakLoop();
            finished.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the file may miss its last frames; the lab still tears down
        } catch (ExecutionException | NotOpenException e) {
            throw new LabException("capture " + file + " did not close cleanly: " + e.getMessage(), e);
        }
    }
}
