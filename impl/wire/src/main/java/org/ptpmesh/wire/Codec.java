package org.ptpmesh.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one codec every ptpmesh datagram goes through. {@link #decode} never throws: whatever the
 * bytes, it returns a {@link DecodeResult}. {@link #encode} throws {@link EncodeException} when a
 * message cannot be sent as built (over 1400 bytes, a value its type forbids).
 */
public final class Codec {

    private Codec() {
    }

    public static byte[] encode(Message message) {
        byte[] buf = new byte[Datagram.MAX_SIZE];
        DatagramWriter writer = new DatagramWriter().wrap(buf, 0);
        for (Tlv tlv : message.tlvs()) {
            tlv.writeTo(writer);
        }
        return Arrays.copyOf(buf, writer.finish());
    }

    public static DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    public static DecodeResult decode(byte[] buf, int off, int len) {
        return decode(new DatagramView(), buf, off, len);
    }

    /** Decodes through a caller-owned view, sparing its index arrays. */
    public static DecodeResult decode(DatagramView view, byte[] buf, int off, int len) {
        DecodeError error = view.wrap(buf, off, len);
        if (error != null) {
            return new DecodeResult.Malformed(error, len);
        }
        return new DecodeResult.Decoded(toMessage(view), len, ReceiverRules.violations(view));
    }

    /** The typed form of a view that {@link DatagramView#wrap} accepted. */
    public static Message toMessage(DatagramView view) {
        List<Tlv> tlvs = new ArrayList<>(view.tlvCount());
        for (int i = 0; i < view.tlvCount(); i++) {
            tlvs.add(Tlv.from(view, i));
        }
        return new Message(tlvs);
    }
}
