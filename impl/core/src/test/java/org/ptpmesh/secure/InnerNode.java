package org.ptpmesh.secure;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;

/**
 * A small protocol node for the session layer's tests: every {@code periodMillis} it sends a DATA
 * to {@code talkTo} (none when null), answers each DATA with a DATA_ACK, and keeps what it got
 * with the key it was sealed under. Its own timer key is one a SecureNode must keep apart from its own.
 */
final class InnerNode implements Node {

    record Got(Endpoint from, MessageKind kind, byte[] key, byte[] bytes) {
    }

    /** The inner node's only timer. */
    enum Tick implements TimerKey { SEND }

    final PeerId id;
    final List<Got> got = new ArrayList<>();
    private final Endpoint talkTo;
    private final long periodMillis;
    private long seq;

    InnerNode(PeerId id, Endpoint talkTo, long periodMillis) {
        this.id = id;
        this.talkTo = talkTo;
        this.periodMillis = periodMillis;
    }

    @Override
    public void start(long now, Effects out) {
        if (talkTo != null) {
            out.setTimer(Tick.SEND, now + periodMillis);
        }
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        onMessage(localPort, from, new DecodedDatagram().decode(data), now, out);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        MessageKind kind = MessageKind.fromCode(datagram.kindCode());
        got.add(new Got(from, kind, datagram.authenticatedKey(), datagram.bytes()));
        if (kind == MessageKind.DATA) {
            out.send(localPort, from, Messages.dataAck(id, seq));
        }
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        // from the client's port, where the test net delivers the answers: a session is of one route
        out.send(Parties.CLIENT.port(), talkTo, Messages.data(id, seq++, new byte[] {1, 2, 3}));
        out.setTimer(Tick.SEND, now + periodMillis);
    }

    List<Got> got(MessageKind kind) {
        return got.stream().filter(g -> g.kind() == kind).toList();
    }
}
