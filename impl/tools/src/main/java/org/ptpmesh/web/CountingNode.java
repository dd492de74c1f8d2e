package org.ptpmesh.web;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.ForwardingEffects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.TlvTypes;

/**
 * A node that counts, by message kind, what another node receives and sends, for
 * {@link ServerMetrics}; the node itself is left as it is. Runs on the event loop only.
 */
public final class CountingNode implements Node {

    private static final HexFormat HEX = HexFormat.of();

    private final Node node;
    private final ServerMetrics metrics;
    /** Reused for the datagrams received raw and every datagram sent: one event-loop thread. */
    private final DecodedDatagram scratch = new DecodedDatagram();

    public CountingNode(Node node, ServerMetrics metrics) {
        this.node = node;
        this.metrics = metrics;
    }

    @Override
    public void start(long now, Effects out) {
        node.start(now, counting(out));
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        metrics.received(kind(scratch.decode(data)));
        node.onDatagram(localPort, from, data, now, counting(out));
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        metrics.received(kind(datagram));
        node.onMessage(localPort, from, datagram, now, counting(out));
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        node.onTimer(key, now, counting(out));
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        node.onBindFailed(port, now, counting(out));
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        node.onAddressesChanged(addresses, now, counting(out));
    }

    /** The kind, inferred as ptptest 2014's datagrams need when there is no MSGKIND; null if it cannot be told. */
    static MessageKind kind(DecodedDatagram d) {
        return d.error() == null ? ReceiverRules.kindOf(d.view()) : null;
    }

    private Effects counting(Effects out) {
        return new ForwardingEffects() {
            {
                forwardTo(out);
            }

            @Override
            public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
                MessageKind kind = kind(scratch.decode(payload));
                metrics.sent(kind, payload.length);
                int from = kind == MessageKind.RELAYED ? scratch.view().indexOf(TlvTypes.FROMID) : -1;
                if (from >= 0) {
                    // FROMID names the client it relays for: the page shows each client's relay use
                    metrics.relayedFrom(HEX.formatHex(scratch.view().buffer(), scratch.view().valueOffset(from),
                            scratch.view().valueOffset(from) + scratch.view().valueLength(from)), payload.length);
                }
                out().send(localPort, to, payload, ttl);
            }
        };
    }
}
