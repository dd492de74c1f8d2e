package org.ptpmesh.testkit;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.ptpmesh.portmap.NatPmpMessages;
import org.ptpmesh.portmap.PcpMessages;

/** Answers as a PCP or NAT-PMP gateway writes them (RFC 6887 section 11.1, RFC 6886 section 3), for tests. */
public final class GatewayAnswers {

    private GatewayAnswers() {
    }

    public static byte[] pcpMap(int result, long lifetime, byte[] nonce, int protocol, int internalPort, int externalPort,
            InetAddress external) {
        PcpMessages.MapRequest asked = new PcpMessages.MapRequest(null, nonce, protocol, internalPort, 0, lifetime);
        return PcpMessages.mapResponse(asked, result, lifetime, 1234, externalPort, external);
    }

    public static byte[] natPmpAddress(int result, InetAddress external) {
        return ByteBuffer.allocate(12).put((byte) 0).put((byte) 128).putShort((short) result).putInt(99)
                .put(external.getAddress()).array();
    }

    public static byte[] natPmpMap(int result, int internalPort, int externalPort, long lifetime) {
        NatPmpMessages.Request asked = new NatPmpMessages.Request(NatPmpMessages.OPCODE_MAP_UDP, internalPort, 0, lifetime);
        return NatPmpMessages.mapResponse(asked, result, 99, externalPort, lifetime);
    }

    /** A NAT-PMP-only gateway's answer to a PCP request (RFC 6887 section 9): version 0, result 1. */
    public static byte[] natPmpUnsupportedVersion() {
        return new byte[] {0, (byte) 129, 0, 1, 0, 0, 0, 99};
    }
}
