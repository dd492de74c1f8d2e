package org.ptpmesh.messages;

import java.util.List;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DecodeError;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.MessageRules;
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

    /** Dropped: {@code reason} is a decode error code or a rule violation code, for counters. */
    public record Dropped(String reason, String detail) implements Outcome {
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
            return new Dropped(error.code().wireName(), error.toString());
        }
        Message m = Codec.toMessage(view);
        List<MessageRules.Violation> violations = MessageRules.check(m);
        if (!violations.isEmpty()) {
            return new Dropped(violations.get(0).code(), violations.get(0).detail());
        }
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
