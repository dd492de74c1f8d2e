package org.ptpmesh.peer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * A peer's application messages: sent at once on the current path (relay first), resent until
 * acknowledged, delivered in order and exactly once whichever path each copy took
 * (docs/peer.md, "Relay first and application data").
 */
final class AppMessages {

    private final Peer peer;
    private final AppDataListener listener;
    private final Map<PeerId, DataChannel> channels = new LinkedHashMap<>();

    AppMessages(Peer peer, AppDataListener listener) {
        this.peer = peer;
        this.listener = listener;
    }

    /** Forgets a peer's messages both ways. */
    void forget(PeerId id, Effects out) {
        channels.remove(id);
        out.cancelTimer(new PeerTimer.Retransmit(id));
    }

    /**
     * Sends an application message to {@code target}: at once, on the direct path if one is
     * confirmed, else through the relay while a connect attempt runs (relay first).
     */
    long send(PeerId target, byte[] payload, long now, Effects out) {
        RemotePeer remote = peer.remotes.learn(target, now);
        DataChannel channel = channels.computeIfAbsent(target, id -> new DataChannel());
        boolean retransmitArmed = !channel.pending().isEmpty();
        long seq = channel.enqueue(payload.clone());
        if (remote.link.path() == Path.NONE) {
            remote.link.startRelay(now, out);
        }
        if (!remote.link.isDirect()) {
            peer.connect(target, now, out);
        }
        peer.sendOnPath(remote, Messages.data(peer.self, seq, payload), out);
        peer.tracer.step(out, now, NatTraversalAction.SEND_DATA).param("peer", target.shortName()).param("seq", seq)
                .param("path", remote.link.path().name()).log();
        if (!retransmitArmed) {
            // armed once for what waits, never pushed back: a sender with a steady stream would
            // otherwise keep moving the timer and never resend a lost message until it paused
            out.setTimer(new PeerTimer.Retransmit(target), now + peer.config.dataRetransmitMillis());
        }
        return seq;
    }

    void retransmit(PeerId target, long now, Effects out) {
        DataChannel channel = channels.get(target);
        RemotePeer remote = peer.remotes.get(target);
        if (channel == null || remote == null || channel.pending().isEmpty()) {
            return;
        }
        if (!remote.link.isDirect()) {
            peer.connect(target, now, out);
        }
        for (Map.Entry<Long, byte[]> e : channel.pending().entrySet()) {
            peer.sendOnPath(remote, Messages.data(peer.self, e.getKey(), e.getValue()), out);
            peer.tracer.step(out, now, NatTraversalAction.RESEND_DATA).param("peer", target.shortName())
                    .param("seq", e.getKey()).param("path", remote.link.path().name()).log();
        }

        out.setTimer(new PeerTimer.Retransmit(target), now + peer.config.dataRetransmitMillis());
    }

    void onData(Received m, int localPort, Endpoint from, long now, Effects out, boolean relayed) {
        PeerId sender = m.sender();
        RemotePeer remote = peer.remotes.get(sender);
        if (!relayed && (remote == null || !remote.isDirectFrom(localPort, from))) {
            peer.drops.count(PeerDropReason.DATA_OFF_PATH);
            return;
        }
        if (remote == null) {
            remote = peer.relayContact(sender, now, out);
        }
        DataChannel channel = channels.computeIfAbsent(sender, id -> new DataChannel());
        long seq = m.uint(TlvTypes.APPSEQ, 0);
        for (DataChannel.Delivery d : channel.receive(seq, m.payload())) {
            // the number the message carried, not one counted here: a replay checks the order B delivered in
            peer.tracer.step(out, now, NatTraversalAction.RECEIVE_DATA).param("peer", sender.shortName())
                    .param("seq", d.seq()).param("path", (relayed ? Path.RELAY : Path.DIRECT).name()).log();
            listener.deliver(sender, d.payload(), now);
        }
        byte[] ack = Messages.dataAck(peer.self, channel.deliveredUpTo());
        if (relayed) {
            peer.sendRelayed(sender, ack, out);
        } else {
            out.send(localPort, from, ack);
        }
    }

    void onDataAck(Received m, int localPort, Endpoint from, long now, Effects out, boolean relayed) {
        RemotePeer remote = peer.remotes.get(m.sender());
        DataChannel channel = channels.get(m.sender());
        if (remote == null || channel == null || (!relayed && !remote.isDirectFrom(localPort, from))) {
            peer.drops.count(PeerDropReason.ACK_OFF_PATH);
            return;
        }
        channel.acknowledge(m.uint(TlvTypes.ACKSEQ, 0));
        if (channel.pending().isEmpty()) {
            out.cancelTimer(new PeerTimer.Retransmit(remote.id));
        }
    }

    /** How many messages to {@code target} wait for an acknowledgement. */
    int unacknowledged(PeerId target) {
        DataChannel channel = channels.get(target);
        return channel == null ? 0 : channel.pending().size();
    }

    /** Called by punching when a direct path is confirmed: move pending data onto it at once. */
    void flushPending(RemotePeer remote, long now, Effects out) {
        DataChannel channel = channels.get(remote.id);
        if (channel != null && !channel.pending().isEmpty()) {
            retransmit(remote.id, now, out);
        }
    }
}
