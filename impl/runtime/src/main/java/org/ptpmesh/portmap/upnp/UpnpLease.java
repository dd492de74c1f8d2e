package org.ptpmesh.portmap.upnp;

import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.UpnpOutcome;

/**
 * One port's UPnP mapping, every step on the driver's one worker thread: search, description,
 * external address, AddPortMapping (the next port when ours is taken, lease 0 for a router that
 * grants only permanent ones), renewal at half the lease, DeletePortMapping at stop. What it
 * gets is reported as {@link UpnpOutcome}s.
 */
final class UpnpLease {

    /** UPnP error 718: the external port is mapped to another client. */
    static final int CONFLICT_IN_MAPPING_ENTRY = 718;
    /** UPnP error 725: this IGD grants only leases of 0 (IGD v1 routers). */
    static final int ONLY_PERMANENT_LEASES = 725;

    private final PortMapGateway gateway;
    private final int port;
    private final UpnpSettings settings;
    private final ScheduledExecutorService worker;
    private final Consumer<UpnpOutcome> report;

    private WanConnection wan;
    private InetAddress external;
    /** The external port mapped, -1 while there is none. */
    private int externalPort = -1;
    private long leaseSeconds;
    private long expiresAtNanos;
    private ScheduledFuture<?> renewal;
    private boolean stopped;

    UpnpLease(PortMapGateway gateway, int port, UpnpSettings settings, ScheduledExecutorService worker,
            Consumer<UpnpOutcome> report) {
        this.gateway = gateway;
        this.port = port;
        this.settings = settings;
        this.worker = worker;
        this.report = report;
    }

    void obtain() {
        if (stopped) {
            return;
        }
        long began = System.nanoTime();
        try {
            URI location = new SsdpSearch(settings).locate(gateway.gateway(), gateway.via());
            // made once an IGD answered: the JDK's first HttpClient loads TLS and its own classes
            // (0.3 s quiet, 0.9 s beside two busy cores), which a router without UPnP should not cost
            IgdHttp http = new IgdHttp(gateway.gateway(), settings.httpTimeoutMillis());
            IgdService service = DeviceDescription.service(http.description(location), location, gateway.gateway());
            wan = new WanConnection(http, service);
            external = wan.externalAddress();
            add(began);
            granted();
        } catch (UpnpException e) {
            report.accept(new UpnpOutcome.Unavailable(port, e.getMessage()));
        }
    }

    /** Deletes the mapping, if one is held; nothing is reported after. */
    void stop() {
        stopped = true;
        if (renewal != null) {
            renewal.cancel(false);
        }
        if (externalPort >= 0) {
            try {
                wan.deletePortMapping(externalPort);
            } catch (UpnpException e) {
                // the peer is going away: the lease ends the mapping anyway
            }
            externalPort = -1;
        }
    }

    /**
     * AddPortMapping for our port, then the next ones while the router says 718 (taken), until
     * {@link UpnpLimits#EXTERNAL_PORT_TRIES} ports were tried or the attempt, begun at {@code began},
     * is over its budget. Any other refusal (606 Action not authorized, say: miniupnpd's answer when
     * its permission rules deny the mapping) ends it at once: another port would be denied as well.
     */
    private void add(long began) throws UpnpException {
        long lease = settings.leaseSeconds();
        long budgetNanos = TimeUnit.MILLISECONDS.toNanos(settings.obtainBudgetMillis());
        int tries = 0;
        while (true) {
            int candidate = Math.min(port + tries, 65535);
            try {
                addOrPermanent(candidate, lease);
                return;
            } catch (UpnpException e) {
                if (e.upnpError() != CONFLICT_IN_MAPPING_ENTRY) {
                    throw e;
                }
            }
            tries++;
            if (tries == UpnpLimits.EXTERNAL_PORT_TRIES) {
                throw new UpnpException(UpnpException.Kind.REFUSED, "ports " + port + " to " + (port + tries - 1)
                        + " are all mapped to others");
            }
            if (System.nanoTime() - began >= budgetNanos) {
                throw new UpnpException(UpnpException.Kind.REFUSED, "ports " + port + " to " + (port + tries - 1)
                        + " are mapped to others, and no more are tried " + settings.obtainBudgetMillis() + " ms in");
            }
        }
    }

    private void addOrPermanent(int candidate, long lease) throws UpnpException {
        try {
            wan.addPortMapping(candidate, gateway.via(), port, lease, settings.description());
            leaseSeconds = lease;
        } catch (UpnpException e) {
            if (e.upnpError() != ONLY_PERMANENT_LEASES || lease == 0) {
                throw e;
            }
            wan.addPortMapping(candidate, gateway.via(), port, 0, settings.description());
            leaseSeconds = 0;
        }
        externalPort = candidate;
    }

    private void granted() {
        report.accept(new UpnpOutcome.Mapped(external, externalPort, port, leaseSeconds));
        if (leaseSeconds > 0) {
            expiresAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(leaseSeconds);
            renewal = worker.schedule(this::renew, leaseSeconds * 500, TimeUnit.MILLISECONDS);
        }
    }

    /** The same mapping asked for again; unanswered or refused, asked again until the lease runs out, then lost. */
    private void renew() {
        if (stopped) {
            return;
        }
        try {
            external = wan.externalAddress();
            wan.addPortMapping(externalPort, gateway.via(), port, leaseSeconds, settings.description());
            granted();
        } catch (UpnpException e) {
            long retryNanos = TimeUnit.MILLISECONDS.toNanos(settings.renewRetryMillis());
            if (System.nanoTime() + retryNanos < expiresAtNanos) {
                renewal = worker.schedule(this::renew, settings.renewRetryMillis(), TimeUnit.MILLISECONDS);
            } else {
                externalPort = -1;
                report.accept(new UpnpOutcome.Lost(port, "not renewed before the lease ran out: " + e.getMessage()));
            }
        }
    }
}
