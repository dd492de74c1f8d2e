package org.ptpmesh.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.upnp.UpnpDriver;
import org.ptpmesh.portmap.upnp.UpnpSettings;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * Drives one sans-IO {@link Node} on real UDP: one thread, one selector over the node's
 * DatagramChannels, the wall clock as {@code now}, and the node's timers. The node is called only
 * from this thread. Right after {@code start} the node hears the host's addresses, and again
 * whenever they change (the runtime lists the interfaces every {@value #ADDRESS_POLL_MILLIS} ms;
 * see {@link HostAddresses}). An exception thrown by the node for one datagram or timer is
 * caught, counted and reported, and the loop goes on: one bad datagram never stops a server. In
 * {@link #strict strict} mode (tests) the first such exception stops the loop instead and
 * {@link #stop} rethrows it. An {@link Error} (OutOfMemoryError, StackOverflowError) is another
 * matter: the loop cannot be trusted to go on, and a process whose loop died would stay up but
 * deaf, so by default it ends the process with a message and status {@value #FATAL_EXIT_STATUS}
 * ({@link #onFatal}). Datagrams move
 * through a {@link DatagramIo}: on Linux many per system call, the sends of one turn of the loop
 * leaving together before it waits again. A node that asks for a UPnP port mapping
 * ({@link Effects#mapPortByUpnp}) gets it from a {@link UpnpDriver} on a thread of its own, the
 * outcome handed back on the loop; {@link #stop} waits for its mappings to be deleted.
 */
public final class UdpRuntime implements AutoCloseable {

    /** Socket buffers sized for bursts (a publication, a flood); the kernel may grant less. */
    static final int SOCKET_BUFFER = 4 << 20;
    /** How often the interfaces are listed again: a move to another network is noticed within this. */
    static final long ADDRESS_POLL_MILLIS = 5_000;
    /** The process's exit status after an Error on the loop: sysexits' EX_SOFTWARE, an internal failure. */
    public static final int FATAL_EXIT_STATUS = 70;

    /** What the loop does with an {@link Error} it cannot go on after; called on the loop thread. */
    @FunctionalInterface
    public interface FatalHandler {
        /**
         * Says so on stderr and ends the process at once with {@link #FATAL_EXIT_STATUS} (a halt:
         * shutdown hooks could need the memory that ran out, or wait for the dead loop).
         */
        FatalHandler EXIT = (thread, error) -> {
            try {
                System.err.println("fatal: " + thread + " stopped: " + error + "; exiting with status " + FATAL_EXIT_STATUS);
                System.err.flush();
            } finally {
                Runtime.getRuntime().halt(FATAL_EXIT_STATUS);
            }
        };

        void fatal(String thread, Error error);
    }

    private final Node node;
    private final InetAddress bindAddress;
    private final Consumer<TraceEvent> traces;
    private final DatagramTap tap;
    private final Consumer<Throwable> errors;
    private final LongSupplier clock;
    private final RuntimeStats stats = new RuntimeStats();
    private final Map<Integer, DatagramChannel> channels = new HashMap<>();
    private final TimerQueue timers = new TimerQueue();
    private final Queue<BiConsumer<Long, Effects>> tasks = new ConcurrentLinkedQueue<>();
    private final DatagramIo.Kind ioKind;
    private final DatagramIo io;
    private final Effects effects = new LoopEffects();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Selector selector;
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean strict;
    private volatile boolean ipv6Only;
    private volatile RuntimeException failure;
    private volatile FatalHandler fatal = FatalHandler.EXIT;
    private volatile UpnpSettings upnpSettings = UpnpSettings.standard();
    /** Made on the loop thread at the node's first UPnP request; closed by {@link #stop}. */
    private volatile UpnpDriver upnp;
    private Supplier<List<InetAddress>> addressSource;
    private long addressPollMillis = ADDRESS_POLL_MILLIS;
    private List<InetAddress> reportedAddresses;
    private long nextAddressCheck;

    /**
     * @param bindAddress the address every port of the node is bound on (0.0.0.0 or :: for all)
     * @param traces      receives the node's trace events, on the loop thread
     * @param errors      receives what the node threw, on the loop thread
     * @param clock       the wall clock in Unix milliseconds (timestamps on the wire are Unix time)
     */
    public UdpRuntime(Node node, InetAddress bindAddress, Consumer<TraceEvent> traces, DatagramTap tap,
                      Consumer<Throwable> errors, LongSupplier clock) throws IOException {
        this(node, bindAddress, traces, tap, errors, clock, DatagramIo.Kind.preferred());
    }

    UdpRuntime(Node node, InetAddress bindAddress, Consumer<TraceEvent> traces, DatagramTap tap,
               Consumer<Throwable> errors, LongSupplier clock, DatagramIo.Kind ioKind) throws IOException {
        this.node = node;
        this.bindAddress = bindAddress;
        this.traces = traces;
        this.tap = tap;
        this.errors = errors;
        this.clock = clock;
        this.ioKind = ioKind;
        this.io = ioKind.create(new SendCounter());
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "ptpmesh-udp-" + node.getClass().getSimpleName());
        this.addressSource = new HostAddresses(bindAddress);
    }

    /**
     * In strict mode the first exception the node throws stops the loop, and {@link #stop} and
     * {@link #close} rethrow it: tests see a node's bug instead of a count. Off by default (a
     * server goes on after a bad datagram). Set it before {@link #start}.
     */
    public UdpRuntime strict(boolean on) {
        this.strict = on;
        return this;
    }

    /**
     * Bound on an IPv6 address (or {@code ::}), the sockets take IPv6 only and refuse IPv4
     * (IPV6_V6ONLY); by default they are dual-stack, IPv4 peers seen as IPv4 addresses. No effect
     * on an IPv4 bind address, whose sockets are IPv4 only anyway. Set it before {@link #start}.
     */
    public UdpRuntime ipv6Only(boolean on) {
        this.ipv6Only = on;
        return this;
    }

    /**
     * What to do with an {@link Error} on the loop instead of ending the process (an embedding
     * application's own policy, or a test's). The loop stops either way. Set it before {@link #start}.
     */
    public UdpRuntime onFatal(FatalHandler handler) {
        this.fatal = handler;
        return this;
    }

    /** Where UPnP searches go and how long they wait (tests search a fake gateway on loopback). Set it before {@link #start}. */
    public UdpRuntime upnp(UpnpSettings settings) {
        this.upnpSettings = settings;
        return this;
    }

    /** Where the host's addresses come from and how often they are asked for (tests fake a move). */
    UdpRuntime watchAddresses(Supplier<List<InetAddress>> source, long everyMillis) {
        this.addressSource = source;
        this.addressPollMillis = everyMillis;
        return this;
    }

    public static UdpRuntime of(Node node, InetAddress bindAddress) throws IOException {
        return new UdpRuntime(node, bindAddress, e -> { }, DatagramTap.NONE, e -> { }, System::currentTimeMillis);
    }

    /** As {@link #of}, with the datagram I/O chosen (tests run both kinds). */
    static UdpRuntime of(Node node, InetAddress bindAddress, DatagramIo.Kind ioKind) throws IOException {
        return new UdpRuntime(node, bindAddress, e -> { }, DatagramTap.NONE, e -> { }, System::currentTimeMillis, ioKind);
    }

    /** Starts the loop thread; the node's {@code start} runs on it first. */
    public void start() {
        // off the loop: openers must not wait for JNA to load (UnicastTtl.preload says why)
        Thread preload = new Thread(UnicastTtl::preload, "ptpmesh-ttl-preload");
        preload.setDaemon(true);
        preload.start();
        running = true;
        tasks.add((now, out) -> {
            node.start(now, out);
            reportAddresses(now, true);
        });
        thread.start();
    }

    /** Runs {@code task} on the loop thread with the current time and the node's effects. */
    public void execute(BiConsumer<Long, Effects> task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Runs {@code lastWords} on the loop (a client's SHUTDOWN, say), then stops the loop and
     * closes every socket; waits at most {@code timeoutMillis}.
     */
    public void stop(BiConsumer<Long, Effects> lastWords, long timeoutMillis) throws InterruptedException {
        if (!running) {
            closeUpnp(timeoutMillis);
            throwFailure();
            return;
        }
        execute((now, out) -> {
            lastWords.accept(now, out);
            running = false;
        });
        if (!stopped.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            running = false;
            selector.wakeup();
            stopped.await(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        // the last words deleted the node's mappings: let the deletions reach the gateway
        closeUpnp(timeoutMillis);
        throwFailure();
    }

    private void closeUpnp(long timeoutMillis) throws InterruptedException {
        UpnpDriver u = upnp;
        if (u != null) {
            u.close(timeoutMillis);
        }
    }

    private void throwFailure() {
        RuntimeException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
    }

    /** Stops the loop (at most 2 s each wait); an interrupt while waiting is kept for the caller to see. */
    @Override
    public void close() {
        try {
            stop((now, out) -> { }, 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public RuntimeStats stats() {
        return stats;
    }

    /** How datagrams move: "batched" (recvmmsg/sendmmsg) or "nio" (one system call each). */
    public String datagramIo() {
        return ioKind.name().toLowerCase(Locale.ROOT);
    }

    private void loop() {
        try {
            while (running) {
                runTasks();
                fireDueTimers();
                reportAddresses(clock.getAsLong(), false);
                if (!running) {
                    break;
                }
                io.flush();
                long wait = untilNextCheck(timers.millisUntilNext(clock.getAsLong()));
                if (!tasks.isEmpty() || wait == 0) {
                    selector.selectNow();
                } else {
                    selector.select(wait < 0 ? 0 : wait);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        receiveFrom((DatagramChannel) key.channel(), (Integer) key.attachment());
                        io.flush();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            errors.accept(e);
        } catch (Error e) {
            stats.nodeErrors.incrementAndGet();
            fatal.fatal(thread.getName(), e);
        } finally {
            closeAll();
            running = false;
            stopped.countDown();
        }
    }

    /** The select wait: until the next timer, but no later than the next look at the addresses. */
    private long untilNextCheck(long untilTimer) {
        long untilAddresses = Math.max(1, nextAddressCheck - clock.getAsLong());
        return untilTimer < 0 ? untilAddresses : Math.min(untilTimer, untilAddresses);
    }

    /** Tells the node its addresses: always right after start, later only when they changed. */
    private void reportAddresses(long now, boolean afterStart) {
        if (!afterStart && (reportedAddresses == null || now < nextAddressCheck)) {
            return;
        }
        nextAddressCheck = now + addressPollMillis;
        List<InetAddress> addresses = addressSource.get();
        if (afterStart || !addresses.equals(reportedAddresses)) {
            reportedAddresses = addresses;
            try {
                node.onAddressesChanged(addresses, now, effects);
            } catch (RuntimeException e) {
                nodeFailed(e);
            }
        }
    }

    /** Counted and reported; in strict mode it also stops the loop, and {@link #stop} rethrows it. */
    private void nodeFailed(RuntimeException e) {
        stats.nodeErrors.incrementAndGet();
        errors.accept(e);
        if (strict && failure == null) {
            failure = e;
            running = false;
        }
    }

    private void runTasks() {
        BiConsumer<Long, Effects> task;
        while ((task = tasks.poll()) != null) {
            try {
                task.accept(clock.getAsLong(), effects);
            } catch (RuntimeException e) {
                nodeFailed(e);
            }
        }
    }

    private void fireDueTimers() {
        long now = clock.getAsLong();
        TimerKey key;
        while (running && (key = timers.pollDue(now)) != null) {
            try {
                node.onTimer(key, now, effects);
            } catch (RuntimeException e) {
                nodeFailed(e);
            }
        }
    }

    private void receiveFrom(DatagramChannel channel, int port) {
        io.receive(channel, (source, data) -> {
            stats.received.incrementAndGet();
            tap.received(port, source, data);
            try {
                node.onDatagram(port, source, data, clock.getAsLong(), effects);
            } catch (RuntimeException e) {
                nodeFailed(e);
            }
        });
    }

    private synchronized void closeAll() {
        io.flush();
        for (DatagramChannel c : channels.values()) {
            io.closing(c);
            try {
                c.close();
            } catch (IOException e) {
                errors.accept(e);
            }
        }
        channels.clear();
        try {
            selector.close();
        } catch (IOException e) {
            errors.accept(e);
        }
    }

    /** The node's effects, applied at once on the loop thread. */
    private final class LoopEffects implements Effects {

        @Override
        public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
            DatagramChannel channel = channels.get(localPort);
            if (channel == null) {
                stats.sendFailures.incrementAndGet();
                return;
            }
            if (ttl == DEFAULT_TTL) {
                io.send(channel, localPort, to, payload);
                return;
            }
            // the TTL is the socket's: what is queued leaves first with the default, this one
            // alone with its own
            io.flush();
            try {
                UnicastTtl.set(channel, ttl, !to.isIpv4());
                io.send(channel, localPort, to, payload);
                io.flush();
                UnicastTtl.set(channel, UnicastTtl.SYSTEM_DEFAULT, !to.isIpv4());
            } catch (UnsupportedOperationException e) {
                stats.sendFailures.incrementAndGet();
            }
        }

        @Override
        public void bind(int port) {
            synchronized (UdpRuntime.this) {
                if (channels.containsKey(port)) {
                    return;
                }
                try {
                    DatagramChannel c = open();
                    c.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
                    c.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
                    c.bind(new InetSocketAddress(bindAddress, port));
                    c.configureBlocking(false);
                    c.register(selector, SelectionKey.OP_READ, port);
                    channels.put(port, c);
                } catch (IOException | IllegalArgumentException e) {
                    // taken, not allowed, no port at all (above 65535), or not IPv6-only: the node hears of it later
                    errors.accept(new IOException("cannot bind UDP " + bindAddress.getHostAddress() + " port " + port
                            + ": " + e.getMessage(), e));
                    execute((now, out) -> node.onBindFailed(port, now, out));
                }
            }
        }

        /**
         * Java's default socket: IPv6 and dual-stack where the host has IPv6 (bound to an IPv4
         * address it takes only IPv4); IPv6 only when {@link #ipv6Only} asked for it.
         */
        private DatagramChannel open() throws IOException {
            DatagramChannel c = DatagramChannel.open();
            if (ipv6Only && !(bindAddress instanceof Inet4Address)) {
                try {
                    SocketOptions.ipv6Only(c);
                } catch (RuntimeException | LinkageError e) {
                    c.close();
                    throw new IOException("cannot make the socket IPv6-only: " + e.getMessage(), e);
                }
            }
            return c;
        }

        @Override
        public void unbind(int port) {
            synchronized (UdpRuntime.this) {
                DatagramChannel c = channels.remove(port);
                if (c != null) {
                    io.closing(c);
                    try {
                        c.close();
                    } catch (IOException e) {
                        errors.accept(e);
                    }
                }
            }
        }

        @Override
        public boolean mapPortByUpnp(PortMapGateway gateway, int port) {
            if (upnp == null) {
                upnp = new UpnpDriver(upnpSettings, outcome -> execute((now, out) -> node.onUpnp(outcome, now, out)));
            }
            upnp.map(gateway, port);
            return true;
        }

        @Override
        public void unmapPortByUpnp(int port) {
            if (upnp != null) {
                upnp.unmap(port);
            }
        }

        @Override
        public void setTimer(TimerKey key, long atMillis) {
            timers.set(key, atMillis);
        }

        @Override
        public void cancelTimer(TimerKey key) {
            timers.cancel(key);
        }

        @Override
        public void trace(TraceEvent event) {
            traces.accept(event);
        }
    }

    /** Counts what the datagram I/O sent and could not send, and shows the sent ones to the tap. */
    private final class SendCounter implements DatagramIo.SendResults {

        @Override
        public void sent(int localPort, Endpoint to, byte[] payload) {
            stats.sent.incrementAndGet();
            tap.sent(localPort, to, payload);
        }

        @Override
        public void failed() {
            stats.sendFailures.incrementAndGet();
        }
    }
}
