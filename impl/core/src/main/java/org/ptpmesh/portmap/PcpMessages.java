package org.ptpmesh.portmap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
    public static final int PROTOCOL_UDP = 17;
    public static final int NONCE_BYTES = 12;
    /** The result codes a gateway answers with (section 7.4). */
    public static final int RESULT_SUCCESS = 0;
    public static final int RESULT_NOT_AUTHORIZED = 2;
    public static final int RESULT_MALFORMED_REQUEST = 3;
    public static final int RESULT_UNSUPP_PROTOCOL = 9;
    public static final int RESULT_NO_RESOURCES = 8;
    public static final int RESULT_ADDRESS_MISMATCH = 12;
    private static final int HEADER_BYTES = 24;

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

    /**
     * A MAP request as the gateway reads it: who asks ({@code client}, from the header), for which
     * protocol and internal port, which external port it would like (0: any) and for how long (0:
     * delete the mapping {@code nonce} made).
     */
    public record MapRequest(InetAddress client, byte[] nonce, int protocol, int internalPort, int suggestedExternalPort,
            long lifetimeSeconds) {
    }

    /**
     * The gateway's side of {@link #mapRequest}: the MAP request in {@code data}, or empty when
     * the datagram is not a well-formed PCP MAP request (another version or opcode, a response,
     * a length that is no MAP request's), which a gateway drops.
     */
    public static Optional<MapRequest> decodeMapRequest(byte[] data) {
        if (data.length < MAP_REQUEST_BYTES || data.length > MAX_MESSAGE_BYTES || data.length % 4 != 0
                || (data[0] & 0xff) != VERSION || (data[1] & 0xff) != OPCODE_MAP) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        long lifetime = b.getInt(4) & 0xffffffffL;
        byte[] client = new byte[16];
        b.position(8);
        b.get(client);
        byte[] nonce = new byte[NONCE_BYTES];
        b.get(nonce);
        int protocol = b.get() & 0xff;
        b.position(b.position() + 3);
        int internalPort = b.getShort() & 0xffff;
        int suggested = b.getShort() & 0xffff;
        return Optional.of(new MapRequest(fromIpv6Form(client), nonce, protocol, internalPort, suggested, lifetime));
    }

    /**
     * The gateway's answer to {@code request}: {@code result} (a {@code RESULT_*} code), the
     * lifetime granted, the gateway's epoch (seconds since it started: a client sees a restart
     * by it going back) and the external port and address it maps to (0 and null when refusing).
     */
    public static byte[] mapResponse(MapRequest request, int result, long lifetimeSeconds, long epochSeconds, int externalPort,
            InetAddress external) {
        ByteBuffer b = ByteBuffer.allocate(MAP_REQUEST_BYTES);
        b.put((byte) VERSION).put((byte) (RESPONSE_BIT | OPCODE_MAP)).put((byte) 0).put((byte) result);
        b.putInt((int) lifetimeSeconds).putInt((int) epochSeconds).position(HEADER_BYTES);
        b.put(request.nonce()).put((byte) request.protocol()).put(new byte[3]).putShort((short) request.internalPort())
                .putShort((short) externalPort);
        // refusals carry the all-zeros IPv4-mapped address
        b.put(ipv6Form(external));
        return b.array();
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
