package org.ptpmesh.messages;

import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.RefusedDatagram;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DecodeError;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.RuleViolationCode;
import org.ptpmesh.wire.TlvTypes;

/**
 * A datagram that passed the receiver rules (docs/protocol.md section 7): well formed, of a
 * known kind, and breaking none of its kind's rules; with typed accessors for the fields the
 * peer and the introducer read. {@link #parse} says why a datagram did not pass.
 */
public final class Received {

    /** The outcome of checking one datagram. */
    public sealed interface Outcome {
    }

    /** Acceptable. */
    public record Accepted(Received message) implements Outcome {
    }

    /** Dropped: it did not decode, or it broke a receiver rule; {@code reason} is what to count. */
    public record Dropped(RefusedDatagram reason) implements Outcome {
    }

    private final Message message;
    private final MessageKind kind;

    private Received(Message message, MessageKind kind) {
        this.message = message;
        this.kind = kind;
    }

    public static Outcome parse(DatagramView view, byte[] data) {
        return check(view, view.wrap(data, 0, data.length));
    }

    /** The outcome for a datagram decoded once already (see {@link org.ptpmesh.node.Node#onMessage}). */
    public static Outcome of(DecodedDatagram datagram) {
        return check(datagram.view(), datagram.error());
    }

    private static Outcome check(DatagramView view, DecodeError error) {
        if (error != null) {
            return new Dropped(RefusedDatagram.of(error.code()));
        }
        RuleViolationCode broken = ReceiverRules.firstBroken(view);
        if (broken != null) {
            return new Dropped(RefusedDatagram.of(broken));
        }
        Message m = Codec.toMessage(view);
        return new Accepted(new Received(m, m.kind()));
    }

    public MessageKind kind() {
        return kind;
    }

    public Message message() {
        return message;
    }

    public PeerId sender() {
        return PeerId.of(message.bytes(TlvTypes.UUID).orElseThrow());
    }

    public PeerId target() {
        return PeerId.of(message.bytes(TlvTypes.TARGET).orElseThrow());
    }

    public PeerId fromId() {
        return PeerId.of(message.bytes(TlvTypes.FROMID).orElseThrow());
    }

    public long uint(int type, long absent) {
        return message.uint(type).orElse(absent);
    }

    public Endpoint address(int type) {
        return message.address(type).orElse(null);
    }

    public byte[] payload() {
        return message.payload();
    }
}
