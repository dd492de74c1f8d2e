package org.ptpmesh.portmap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * NAT-PMP's requests and responses (RFC 6886 section 3): the external address request and
 * response, and the UDP mapping request and response.
 */
public final class NatPmpMessages {

    public static final int VERSION = 0;
    public static final int OPCODE_ADDRESS = 0;
    public static final int OPCODE_MAP_UDP = 1;
    private static final int RESPONSE = 128;
    private static final int ADDRESS_RESPONSE_BYTES = 12;
    private static final int MAP_RESPONSE_BYTES = 16;

    /** Result codes, section 3.5, indexed by value. */
    private static final List<String> RESULTS = List.of("Success", "Unsupported Version", "Not Authorized/Refused",
            "Network Failure", "Out of resources", "Unsupported opcode");

    private NatPmpMessages() {
    }

    /** "What is your external address": version 0, opcode 0. */
    public static byte[] addressRequest() {
        return new byte[] {VERSION, OPCODE_ADDRESS};
    }

    /** Maps UDP {@code internalPort}; a lifetime of 0 (with suggested port 0) deletes the mapping. */
    public static byte[] mapRequest(int internalPort, int suggestedExternalPort, long lifetimeSeconds) {
        return ByteBuffer.allocate(12).put((byte) VERSION).put((byte) OPCODE_MAP_UDP).putShort((short) 0)
                .putShort((short) internalPort).putShort((short) suggestedExternalPort).putInt((int) lifetimeSeconds).array();
    }

    /** Decodes an answer to one of the two requests above; anything else is {@link MappingReply.Malformed}. */
    public static MappingReply decode(byte[] data) {
        if (data.length < 4) {
            return new MappingReply.Malformed("NAT-PMP: " + data.length + " bytes, shorter than a response header");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int version = b.get() & 0xff;
        if (version != VERSION) {
            return new MappingReply.OtherVersion(version);
        }
        int opcode = b.get() & 0xff;
        int result = b.getShort() & 0xffff;
        if (opcode < RESPONSE) {
            return new MappingReply.Malformed("NAT-PMP: opcode " + opcode + " is a request, not a response");
        }
        if (result != 0) {
            // section 3.5: an error response may be as short as the header; its result code is what counts
            return new MappingReply.Refused(result, result < RESULTS.size() ? RESULTS.get(result) : "result " + result);
        }
        return switch (opcode - RESPONSE) {
            case OPCODE_ADDRESS -> data.length == ADDRESS_RESPONSE_BYTES ? externalAddress(b)
                    : new MappingReply.Malformed("NAT-PMP: an address response of " + data.length + " bytes, not 12");
            case OPCODE_MAP_UDP -> data.length == MAP_RESPONSE_BYTES ? granted(b)
                    : new MappingReply.Malformed("NAT-PMP: a mapping response of " + data.length + " bytes, not 16");
            default -> new MappingReply.Malformed("NAT-PMP: response opcode " + opcode + " answers no request of ours");
        };
    }

    private static MappingReply externalAddress(ByteBuffer b) {
        b.getInt(); // seconds since the gateway's epoch: a restart shows as a mapping lost at renewal
        byte[] address = new byte[4];
        b.get(address);
        try {
            return new MappingReply.ExternalAddress(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }

    private static MappingReply granted(ByteBuffer b) {
        b.getInt();
        int internalPort = b.getShort() & 0xffff;
        int externalPort = b.getShort() & 0xffff;
        long lifetime = b.getInt() & 0xffffffffL;
        if (externalPort == 0) {
            return new MappingReply.Malformed("NAT-PMP: a success that maps to port 0");
        }
        return new MappingReply.Granted(internalPort, externalPort, lifetime, null);
    }
}
