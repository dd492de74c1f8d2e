package org.ptpmesh.portmap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * NAT-PMP's requests and responses (RFC 6886 section 3): the external address request and
 * response, and the UDP mapping request and response.
 */
public final class NatPmpMessages {

    public static final int VERSION = 0;
    public static final int OPCODE_ADDRESS = 0;
    public static final int OPCODE_MAP_UDP = 1;
    /** TCP mapping: this client never asks for it, a gateway may still be asked. */
    public static final int OPCODE_MAP_TCP = 2;
    private static final int RESPONSE = 128;
    private static final int ADDRESS_REQUEST_BYTES = 2;
    private static final int MAP_REQUEST_BYTES = 12;
    private static final int ADDRESS_RESPONSE_BYTES = 12;
    private static final int MAP_RESPONSE_BYTES = 16;
    /** The result codes a gateway answers with (section 3.5). */
    public static final int RESULT_SUCCESS = 0;
    public static final int RESULT_REFUSED = 2;
    public static final int RESULT_OUT_OF_RESOURCES = 4;
    public static final int RESULT_UNSUPPORTED_OPCODE = 5;

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

    /**
     * A request as the gateway reads it: {@link #OPCODE_ADDRESS} (ports and lifetime 0), or a
     * mapping request, {@link #OPCODE_MAP_UDP} or {@link #OPCODE_MAP_TCP} (lifetime 0 deletes).
     */
    public record Request(int opcode, int internalPort, int suggestedExternalPort, long lifetimeSeconds) {
    }

    /**
     * The gateway's side of {@link #addressRequest} and {@link #mapRequest}: the request in
     * {@code data}, or empty when it is not a well-formed one of the two (another version, a
     * response, a wrong length), which a gateway drops. Another opcode is returned as it is, so
     * the gateway can answer it "Unsupported opcode".
     */
    public static Optional<Request> decodeRequest(byte[] data) {
        if (data.length < ADDRESS_REQUEST_BYTES || data[0] != VERSION || (data[1] & 0xff) >= RESPONSE) {
            return Optional.empty();
        }
        int opcode = data[1] & 0xff;
        if (opcode == OPCODE_ADDRESS) {
            return data.length == ADDRESS_REQUEST_BYTES ? Optional.of(new Request(opcode, 0, 0, 0)) : Optional.empty();
        }
        if (opcode != OPCODE_MAP_UDP && opcode != OPCODE_MAP_TCP) {
            return Optional.of(new Request(opcode, 0, 0, 0));
        }
        if (data.length != MAP_REQUEST_BYTES) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        return Optional.of(new Request(opcode, b.getShort(4) & 0xffff, b.getShort(6) & 0xffff, b.getInt(8) & 0xffffffffL));
    }

    /** The gateway's answer to the external address request; the epoch is seconds since the gateway started. */
    public static byte[] addressResponse(long epochSeconds, InetAddress external) {
        return ByteBuffer.allocate(ADDRESS_RESPONSE_BYTES).put((byte) VERSION).put((byte) (RESPONSE + OPCODE_ADDRESS))
                .putShort((short) RESULT_SUCCESS).putInt((int) epochSeconds).put(external.getAddress()).array();
    }

    /** The gateway's answer to a mapping request: a {@code RESULT_*} code, and the port and lifetime granted (0 when refusing or deleting). */
    public static byte[] mapResponse(Request request, int result, long epochSeconds, int externalPort, long lifetimeSeconds) {
        return ByteBuffer.allocate(MAP_RESPONSE_BYTES).put((byte) VERSION).put((byte) (RESPONSE + request.opcode()))
                .putShort((short) result).putInt((int) epochSeconds).putShort((short) request.internalPort())
                .putShort((short) externalPort).putInt((int) lifetimeSeconds).array();
    }

    /** The header-and-epoch answer to an opcode the gateway does not know (section 3.5). */
    public static byte[] unsupportedOpcode(Request request, long epochSeconds) {
        return ByteBuffer.allocate(8).put((byte) VERSION).put((byte) (RESPONSE + request.opcode()))
                .putShort((short) RESULT_UNSUPPORTED_OPCODE).putInt((int) epochSeconds).array();
    }
}
