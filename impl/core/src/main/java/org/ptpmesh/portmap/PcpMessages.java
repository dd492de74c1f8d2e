package org.ptpmesh.portmap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * PCP's MAP request and response (RFC 6887 sections 7 and 11.1), UDP only. A request is the
 * 24-byte common header and the 36-byte MAP opcode data; so is a response, which may carry options
 * this client ignores (section 7.3: a client skips options it does not know in responses).
 */
public final class PcpMessages {

    public static final int VERSION = 2;
    public static final int OPCODE_MAP = 1;
    /** Bit 7 of the second byte: set in responses. */
    private static final int RESPONSE_BIT = 0x80;
    public static final int MAP_REQUEST_BYTES = 60;
    /** PCP's largest message (section 7): a longer datagram is no PCP response. */
    public static final int MAX_MESSAGE_BYTES = 1100;
    private static final int PROTOCOL_UDP = 17;
    public static final int NONCE_BYTES = 12;

    /** Result codes, section 7.4, indexed by value. */
    private static final List<String> RESULTS = List.of("SUCCESS", "UNSUPP_VERSION", "NOT_AUTHORIZED", "MALFORMED_REQUEST",
            "UNSUPP_OPCODE", "UNSUPP_OPTION", "MALFORMED_OPTION", "NETWORK_FAILURE", "NO_RESOURCES", "UNSUPP_PROTOCOL",
            "USER_EX_QUOTA", "CANNOT_PROVIDE_EXTERNAL", "ADDRESS_MISMATCH", "EXCESSIVE_REMOTE_PEERS");

    private PcpMessages() {
    }

    /**
     * A MAP request for UDP {@code internalPort}. {@code client} is the address the request leaves
     * from (the gateway checks it against the source, ADDRESS_MISMATCH otherwise); a lifetime of 0
     * deletes the mapping that {@code nonce} made.
     */
    public static byte[] mapRequest(InetAddress client, byte[] nonce, int internalPort, int suggestedExternalPort,
            long lifetimeSeconds) {
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("a PCP nonce is " + NONCE_BYTES + " bytes, not " + nonce.length);
        }
        ByteBuffer b = ByteBuffer.allocate(MAP_REQUEST_BYTES);
        b.put((byte) VERSION).put((byte) OPCODE_MAP).putShort((short) 0).putInt((int) lifetimeSeconds).put(ipv6Form(client));
        b.put(nonce).put((byte) PROTOCOL_UDP).put(new byte[3]).putShort((short) internalPort).putShort((short) suggestedExternalPort);
        // "all zeros" IPv4-mapped: no preference for the external address
        b.put(ipv6Form(null));
        return b.array();
    }

    /** Decodes an answer to a MAP request made with {@code nonce}; anything else is {@link MappingReply.Malformed}. */
    public static MappingReply decode(byte[] data, byte[] nonce) {
        if (data.length < 2) {
            return new MappingReply.Malformed("PCP: " + data.length + " bytes, shorter than a version and an opcode");
        }
        int version = data[0] & 0xff;
        if (version != VERSION) {
            return new MappingReply.OtherVersion(version);
        }
        if (data.length < MAP_REQUEST_BYTES || data.length > MAX_MESSAGE_BYTES || data.length % 4 != 0) {
            return new MappingReply.Malformed("PCP: " + data.length + " bytes, not a MAP response (60 to 1100, a multiple of 4)");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        b.get();
        int opcode = b.get() & 0xff;
        if (opcode != (RESPONSE_BIT | OPCODE_MAP)) {
            return new MappingReply.Malformed("PCP: opcode byte " + opcode + ", not a MAP response");
        }
        b.get();
        int result = b.get() & 0xff;
        long lifetime = b.getInt() & 0xffffffffL;
        b.position(24);
        byte[] echoed = new byte[NONCE_BYTES];
        b.get(echoed);
        if (!Arrays.equals(echoed, nonce)) {
            return new MappingReply.Malformed("PCP: a MAP response for another request (nonce differs)");
        }
        int protocol = b.get() & 0xff;
        b.position(b.position() + 3);
        int internalPort = b.getShort() & 0xffff;
        int externalPort = b.getShort() & 0xffff;
        byte[] address = new byte[16];
        b.get(address);
        if (result != 0) {
            return new MappingReply.Refused(result, result < RESULTS.size() ? RESULTS.get(result) : "result " + result);
        }
        if (protocol != PROTOCOL_UDP || externalPort == 0) {
            return new MappingReply.Malformed("PCP: a success that maps protocol " + protocol + " port " + externalPort);
        }
        return new MappingReply.Granted(internalPort, externalPort, lifetime, fromIpv6Form(address));
    }

    /** IPv4 addresses travel IPv4-mapped (::ffff:a.b.c.d); null is the all-zeros IPv4-mapped address. */
    private static byte[] ipv6Form(InetAddress address) {
        byte[] out = new byte[16];
        if (address == null || address instanceof Inet4Address) {
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            if (address != null) {
                System.arraycopy(address.getAddress(), 0, out, 12, 4);
            }
            return out;
        }
        return address.getAddress();
    }

    private static InetAddress fromIpv6Form(byte[] address) {
        try {
            // getByAddress turns an IPv4-mapped address into the Inet4Address it maps
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an address", e);
        }
    }
}
