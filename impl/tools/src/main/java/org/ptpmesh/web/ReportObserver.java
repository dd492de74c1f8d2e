package org.ptpmesh.web;

import org.ptpmesh.metrics.MetricsReport;
import org.ptpmesh.rendezvous.RegisteredClient;
import org.ptpmesh.rendezvous.RendezvousListener;

/**
 * Passes every rendezvous event on to the listener the server had (the analytics recorder) and
 * puts into {@link ServerMetrics} the RTT of each peer report and each the server measures to a client. Runs on the event loop.
 */
public final class ReportObserver implements RendezvousListener {

    private final RendezvousListener next;
    private final ServerMetrics metrics;

    public ReportObserver(RendezvousListener next, ServerMetrics metrics) {
        this.next = next;
        this.metrics = metrics;
    }

    @Override
    public void joined(RegisteredClient client, long now) {
        next.joined(client, now);
    }

    @Override
    public void moved(RegisteredClient client, long now) {
        next.moved(client, now);
    }

    @Override
    public void left(RegisteredClient client, Departure why, long now) {
        next.left(client, why, now);
    }

    @Override
    public void heard(RegisteredClient client, long now) {
        next.heard(client, now);
    }

    @Override
    public void measured(RegisteredClient client, long rttMillis, long now) {
        next.measured(client, rttMillis, now);
        metrics.clientRttMillis(rttMillis);
    }

    @Override
    public void reported(RegisteredClient client, String metaJson, long now) {
        next.reported(client, metaJson, now);
        // a ptptest 2014 client's META is no peer report; a report before the first answer has no RTT (-1)
        MetricsReport.parse(metaJson).map(r -> r.metrics().rttLast()).filter(rtt -> rtt >= 0)
                .ifPresent(metrics::peerRttMillis);
    }
}
