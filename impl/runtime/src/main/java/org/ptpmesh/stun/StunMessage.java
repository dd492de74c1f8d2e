package org.ptpmesh.stun;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.ptpmesh.wire.Endpoint;

/**
 * STUN Binding messages (RFC 8489; CHANGE-REQUEST and OTHER-ADDRESS from RFC 5780): builds
 * requests and reads the addresses out of responses.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * |                         Magic Cookie                          |
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * then attributes: type (2), length (2), value padded to 4 bytes
 * </pre>
 */
public final class StunMessage {

    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int HEADER = 20;
    static final int MAPPED_ADDRESS = 0x0001;
    static final int CHANGE_REQUEST = 0x0003;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int OTHER_ADDRESS = 0x802C;
    /** CHANGE-REQUEST flags (RFC 5780 section 7.2). */
    static final int CHANGE_IP = 0x4;
    static final int CHANGE_PORT = 0x2;

    /** A Binding success response: the reflexive address, and the server's other address if any. */
    public record Response(Endpoint mapped, Optional<Endpoint> other) {
    }

    /** A response that is not a Binding success for our transaction, or does not parse. */
    public static final class StunException extends Exception {
        StunException(String message) {
            super(message);
        }
    }

    private StunMessage() {
    }

    /** A Binding request; {@code changeFlags} 0 for none, else CHANGE_IP and/or CHANGE_PORT. */
    static byte[] bindingRequest(byte[] transactionId, int changeFlags) {
        int attrs = changeFlags == 0 ? 0 : 8;
        ByteBuffer b = ByteBuffer.allocate(HEADER + attrs);
        b.putShort((short) BINDING_REQUEST).putShort((short) attrs).putInt(MAGIC_COOKIE).put(transactionId);
        if (changeFlags != 0) {
            b.putShort((short) CHANGE_REQUEST).putShort((short) 4).putInt(changeFlags);
        }
        return b.array();
    }

    static Response parseResponse(byte[] data, int length, byte[] transactionId) throws StunException {
        if (length < HEADER) {
            throw new StunException("STUN response of " + length + " bytes; the header alone is 20");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        int type = b.getShort() & 0xFFFF;
        int bodyLength = b.getShort() & 0xFFFF;
        int cookie = b.getInt();
        byte[] tid = new byte[12];
        b.get(tid);
        if (cookie != MAGIC_COOKIE || !Arrays.equals(tid, transactionId)) {
            throw new StunException("not an answer to our request (cookie or transaction id differ)");
        }
        if (type == BINDING_ERROR) {
            throw new StunException("the STUN server answered with an error response");
        }
        if (type != BINDING_SUCCESS) {
            throw new StunException(String.format("unexpected STUN message type 0x%04x", type));
        }
        if (HEADER + bodyLength > length) {
            throw new StunException("STUN length " + bodyLength + " runs past the " + length + "-byte datagram");
        }
        Endpoint mapped = null;
        Endpoint xorMapped = null;
        Endpoint other = null;
        int end = HEADER + bodyLength;
        while (b.position() + 4 <= end) {
            int attr = b.getShort() & 0xFFFF;
            int len = b.getShort() & 0xFFFF;
            if (b.position() + len > end) {
                throw new StunException(String.format("attribute 0x%04x runs past the message", attr));
            }
            byte[] value = new byte[len];
            b.get(value);
            b.position(Math.min(end, b.position() + ((4 - len % 4) % 4)));
            switch (attr) {
                case XOR_MAPPED_ADDRESS -> xorMapped = address(value, true, transactionId);
                case MAPPED_ADDRESS -> mapped = address(value, false, transactionId);
                case OTHER_ADDRESS -> other = address(value, false, transactionId);
                default -> {
                    // comprehension-optional or unneeded attributes: skipped
                }
            }
        }
        Endpoint reflexive = xorMapped != null ? xorMapped : mapped;
        if (reflexive == null) {
            throw new StunException("Binding response without a (XOR-)MAPPED-ADDRESS");
        }
        return new Response(reflexive, Optional.ofNullable(other));
    }

    /** RFC 8489 section 14.1/14.2: family, port, address; the XOR form masks with cookie + id. */
    private static Endpoint address(byte[] v, boolean xor, byte[] transactionId) throws StunException {
        if (v.length != 8 && v.length != 20) {
            throw new StunException("address attribute of " + v.length + " bytes; expected 8 or 20");
        }
        int family = v[1] & 0xFF;
        if ((family == 1) != (v.length == 8)) {
            throw new StunException("address family " + family + " does not match its length " + v.length);
        }
        byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transactionId).array();
        int port = ((v[2] & 0xFF) << 8) | (v[3] & 0xFF);
        byte[] ip = Arrays.copyOfRange(v, 4, v.length);
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
            for (int i = 0; i < ip.length; i++) {
                ip[i] ^= mask[i];
            }
        }
        try {
            return new Endpoint(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new StunException("unreadable address: " + e.getMessage());
        }
    }
}
