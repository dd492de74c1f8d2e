package org.ptpmesh.portmap.upnp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.UpnpOutcome;

/**
 * The runtime's UPnP IGD client: maps the ports a node asks for once PCP and NAT-PMP got
 * nothing, on one worker thread of its own (HTTP blocks; the node's loop never waits for it), and
 * reports every outcome to {@code report}. The worker starts with the first request, from the
 * thread that makes it, so in a network namespace it is in the caller's namespace.
 *
 * <p>JDK only (DatagramSocket, HttpClient, the DOM parser): the three SOAP actions and one SSDP
 * search are a few hundred lines, where the UPnP libraries for Java (Cling, jUPnP) are a whole
 * control point with their own threads and HTTP servers, and Cling is no longer maintained.
 */
public final class UpnpDriver {

    private final UpnpSettings settings;
    private final Consumer<UpnpOutcome> report;
    private final Map<Integer, UpnpLease> leases = new HashMap<>();
    private ScheduledThreadPoolExecutor worker;

    /** @param report called on the worker thread: hand the outcome to the node's own thread */
    public UpnpDriver(UpnpSettings settings, Consumer<UpnpOutcome> report) {
        this.settings = settings;
        this.report = report;
    }

    /** Asks for a mapping of {@code port} (replacing one held for it) and reports what comes of it. */
    public synchronized void map(PortMapGateway gateway, int port) {
        unmap(port);
        if (leases.size() >= UpnpLimits.MAX_PORTS) {
            report.accept(new UpnpOutcome.Unavailable(port, "already mapping " + UpnpLimits.MAX_PORTS + " ports"));
            return;
        }
        UpnpLease lease = new UpnpLease(gateway, port, settings, worker(), report);
        leases.put(port, lease);
        worker.execute(lease::obtain);
    }

    /** Deletes the mapping of {@code port}, after any request for it still under way. */
    public synchronized void unmap(int port) {
        UpnpLease lease = leases.remove(port);
        if (lease != null) {
            worker.execute(lease::stop);
        }
    }

    /** Deletes every mapping held and stops the worker, waiting at most {@code timeoutMillis}. */
    public void close(long timeoutMillis) throws InterruptedException {
        ScheduledThreadPoolExecutor w;
        synchronized (this) {
            for (int port : Map.copyOf(leases).keySet()) {
                unmap(port);
            }
            w = worker;
        }
        if (w != null) {
            w.shutdown();
            if (!w.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                w.shutdownNow();
            }
        }
    }

    private ScheduledThreadPoolExecutor worker() {
        if (worker == null) {
            worker = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "ptpmesh-upnp");
                t.setDaemon(true);
                return t;
            });
            // renewals still waiting at shutdown are dropped; deletions already queued still run
            worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        return worker;
    }
}
