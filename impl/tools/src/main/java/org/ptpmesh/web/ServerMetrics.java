package org.ptpmesh.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.wire.MessageKind;

/**
 * ptpserver's Prometheus metrics: counters the event loop bumps ({@link CountingNode},
 * {@link ReportObserver}) and values read from the server's snapshot and drop counters at each
 * scrape. Every metric is thread-safe: the event loop writes, the HTTP threads read.
 */
public final class ServerMetrics {

    /** Label value of a datagram whose kind could not be told (malformed, or no MSGKIND and nothing to infer from). */
    public static final String UNKNOWN_KIND = "unknown";

    /** Upper bounds of the RTT histograms' buckets, in seconds: loopback to a slow satellite path. */
    private static final double[] RTT_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter datagramsIn;
    private final Counter datagramsOut;
    private final Counter relayDatagrams;
    private final Counter relayBytes;
    private final Histogram peerRtt;
    private final Histogram clientRtt;
    /** Datagrams and bytes relayed from each client (by id), the one that relayed longest ago forgotten first. */
    private final Map<String, long[]> relayedFrom = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > WebDefaults.RELAY_CLIENTS;
        }
    };

    /**
     * @param snapshot the rendezvous role's latest snapshot (registered clients, publications)
     * @param drops    what both roles refused, by reason
     */
    public ServerMetrics(Supplier<ServerSnapshot> snapshot, Supplier<Map<String, Long>> drops) {
        datagramsIn = Counter.builder().name("ptpserver_datagrams_received_total")
                .help("Datagrams received by the server's port, by message kind").labelNames("kind").register(registry);
        datagramsOut = Counter.builder().name("ptpserver_datagrams_sent_total")
                .help("Datagrams sent from the server's port, by message kind").labelNames("kind").register(registry);
        relayDatagrams = Counter.builder().name("ptpserver_relay_datagrams_total")
                .help("Datagrams relayed between two peers (RELAYED sent)").register(registry);
        relayBytes = Counter.builder().name("ptpserver_relay_bytes_total").unit(Unit.BYTES)
                .help("Bytes of the relayed datagrams (RELAYED sent)").register(registry);
        peerRtt = Histogram.builder().name("ptpserver_peer_rtt_seconds").unit(Unit.SECONDS)
                .help("Round-trip times clients reported measuring to their peers (the latest of each report)")
                .classicOnly().classicUpperBounds(RTT_BUCKETS).register(registry);
        clientRtt = Histogram.builder().name("ptpserver_client_rtt_seconds").unit(Unit.SECONDS)
                .help("Round-trip times the server measured to its clients (a list sent, its echo received)")
                .classicOnly().classicUpperBounds(RTT_BUCKETS).register(registry);
        GaugeWithCallback.builder().name("ptpserver_clients").help("Registered clients, by the NAT type they reported")
                .labelNames("nat").callback(cb -> byNat(snapshot.get()).forEach((nat, n) -> cb.call(n, nat)))
                .register(registry);
        CounterWithCallback.builder().name("ptpserver_publications_total").help("Client-list publications")
                .callback(cb -> cb.call(snapshot.get().publications())).register(registry);
        CounterWithCallback.builder().name("ptpserver_drops_total")
                .help("Datagrams the server did not act on, by reason (docs/analytics.md)").labelNames("reason")
                .callback(cb -> drops.get().forEach((reason, n) -> cb.call(n, reason))).register(registry);
    }

    /** Every registered client by NAT type: the server's own counts, not the snapshot's first rows. */
    static Map<String, Long> byNat(ServerSnapshot s) {
        Map<String, Long> out = new TreeMap<>();
        for (String nat : new String[] {"easy", "hard", "static", "unknown", "unreported"}) {
            out.put(nat, 0L);
        }
        s.clientsByNat().forEach((code, n) -> out.merge(Dashboard.natName(code), n, Long::sum));
        return out;
    }

    void received(MessageKind kind) {
        datagramsIn.labelValues(label(kind)).inc();
    }

    void sent(MessageKind kind, int bytes) {
        datagramsOut.labelValues(label(kind)).inc();
        if (kind == MessageKind.RELAYED) {
            relayDatagrams.inc();
            relayBytes.inc(bytes);
        }
    }

    void peerRttMillis(long millis) {
        peerRtt.observe(millis / 1000.0);
    }

    void clientRttMillis(long millis) {
        clientRtt.observe(millis / 1000.0);
    }

    /** A RELAYED datagram sent on behalf of client {@code id}. */
    synchronized void relayedFrom(String id, int bytes) {
        long[] c = relayedFrom.computeIfAbsent(id, k -> new long[2]);
        c[0]++;
        c[1] += bytes;
    }

    /** Datagrams and bytes relayed from each client, a copy: the event loop goes on counting. */
    synchronized Map<String, long[]> relayByClient() {
        Map<String, long[]> out = new HashMap<>();
        relayedFrom.forEach((id, c) -> out.put(id, c.clone()));
        return out;
    }

    /** Relayed datagrams and their bytes so far, for the page. */
    long[] relay() {
        return new long[] {(long) relayDatagrams.get(), (long) relayBytes.get()};
    }

    private static String label(MessageKind kind) {
        return kind == null ? UNKNOWN_KIND : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
